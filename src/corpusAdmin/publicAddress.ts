/**
 * `/corpus add url:` makes the bot's machine fetch an address a moderator typed. So that a
 * server's moderators cannot make it read the operator's own network (a router page, a cloud
 * metadata service, a database admin on localhost), an address whose host resolves to a
 * loopback, private, link-local or otherwise non-public address is refused, unless the
 * operator allows it (ALLOW_PRIVATE_URLS). Checked on the host given; a redirect is not.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

// An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is checked against the IPv4 rules by BlockList itself.

/** True when every address `hostname` resolves to is public; false when any is not, or it does not resolve. */
export async function isPublicHost(hostname: string): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/gu, '');
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  } catch {
    return false;
  }
  return addresses.length > 0 && addresses.every((a) => !NON_PUBLIC.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'));
}
