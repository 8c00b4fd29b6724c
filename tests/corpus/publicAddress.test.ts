/**
 * Which hosts a download may reach. Hosts are written as a user would type them into a URL,
 * so the URL parser's rewriting (octal, hex, IPv6 forms) is part of what is checked; names are
 * never sent to a real resolver except `localhost` (the hosts file).
 */
import { describe, expect, test } from 'vitest';
import { isPublicAddress } from '../../src/corpus/isPublicAddress.js';
import { resolvePublic } from '../../src/corpus/resolvePublic.js';

const hostOf = (typed: string) => new URL(`http://${typed}/`).hostname;

describe('public addresses only', () => {
  test.each([
    '127.0.0.1',
    '2130706433',
    '017700000001',
    '0x7f000001',
    '0x7f.1',
    '127.1',
    '0177.0.0.1',
    'localhost',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '0',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '[::1]',
    '[::]',
    '[fe80::1]',
    '[fc00::1]',
    '[ff02::1]',
    '[::ffff:127.0.0.1]',
    '[0:0:0:0:0:ffff:7f00:1]',
  ])('the forms refused before stay refused: %s', async (typed) => {
    expect(await resolvePublic(hostOf(typed))).toBeNull();
  });

  test.each([
    ['[::127.0.0.1]', 'IPv4-compatible loopback'],
    ['[::ffff:0:127.0.0.1]', 'IPv4-translated loopback'],
    ['[64:ff9b::a9fe:a9fe]', 'NAT64 of the metadata service 169.254.169.254'],
    ['[64:ff9b:1::a9fe:a9fe]', 'local-use NAT64'],
    ['[2002:7f00:1::]', '6to4 of 127.0.0.1'],
    ['[2002:a9fe:a9fe::1]', '6to4 of 169.254.169.254'],
    ['[2001::1]', 'Teredo'],
    ['[100::1]', 'discard-only 100::/64'],
    ['[2001:db8::1]', 'documentation 2001:db8::/32'],
    ['198.18.0.1', 'benchmarking 198.18.0.0/15'],
    ['198.19.255.254', 'benchmarking 198.18.0.0/15, its far end'],
    ['192.0.0.8', 'IETF protocol assignments 192.0.0.0/24'],
    ['192.0.2.1', 'documentation 192.0.2.0/24'],
    ['203.0.113.7', 'documentation 203.0.113.0/24'],
    ['240.0.0.1', 'reserved 240.0.0.0/4'],
  ])('special-use ranges are refused too: %s (%s)', async (typed) => {
    expect(await resolvePublic(hostOf(typed))).toBeNull();
  });

  test('public addresses pass, also inside IPv6 forms that carry a public IPv4 address', async () => {
    expect(await resolvePublic(hostOf('93.184.215.14'))).toEqual([{ address: '93.184.215.14', family: 4 }]);
    expect(await resolvePublic(hostOf('[2606:4700::1111]'))).toEqual([{ address: '2606:4700::1111', family: 6 }]);
    // 5db8:d70e is 93.184.215.14.
    for (const carrier of ['::ffff:5db8:d70e', '64:ff9b::5db8:d70e', '2002:5db8:d70e::1'])
      expect(isPublicAddress(carrier), carrier).toBe(true);
  });

  test('only the usual written forms are addresses', () => {
    expect(isPublicAddress('1.2.3')).toBe(false);
    expect(isPublicAddress('news.example')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
  });

  test('a name is refused when any address it has is not public, or it has none', async () => {
    const resolve = async (hostname: string) => {
      const table: Record<string, string[]> = { 'mixed.example': ['93.184.215.14', '10.0.0.5'], 'empty.example': [] };
      const addresses = table[hostname];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: 4 }));
    };
    expect(await resolvePublic('mixed.example', { resolve })).toBeNull();
    expect(await resolvePublic('empty.example', { resolve })).toBeNull();
    expect(await resolvePublic('no-such-host.example', { resolve })).toBeNull();
    expect(await resolvePublic('mixed.example', { resolve, allowPrivate: true })).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ]);
  });
});
