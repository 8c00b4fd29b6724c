/**
 * The download's own guard against reaching the operator's network. Every server is on
 * 127.0.0.1; made-up names are resolved by a stub (no DNS query leaves the machine), and a
 * test that needs a "public" site declares its name public through the injectable check.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fetch } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fetchArticleToCorpus } from '../../src/corpus/fetchArticleToCorpus.js';
import { FetchRefusedError } from '../../src/corpus/fetchRefusedError.js';
import { isPublicAddress } from '../../src/corpus/isPublicAddress.js';
import { pinnedAgent } from '../../src/corpus/pinnedAgent.js';
import type { ResolveHost } from '../../src/corpus/resolvePublic.js';

const PAGE =
  '<!doctype html><html><head><title>Harbour ferry</title></head><body><p>The ferry runs every twenty minutes.</p></body></html>';
const SECRET = '<!doctype html><html><head><title>Internal admin console</title></head><body><p>root password: hunter2</p></body></html>';

const requested: string[] = [];
const server: Server = createServer((request, response) => {
  const route = request.url ?? '/';
  requested.push(route);
  const port = (server.address() as AddressInfo).port;
  if (route === '/page') return void response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  if (route === '/admin') return void response.writeHead(200, { 'content-type': 'text/html' }).end(SECRET);
  if (route === '/to-loopback') return void response.writeHead(302, { location: `http://127.0.0.1:${port}/admin` }).end();
  if (route === '/to-intranet-name') return void response.writeHead(307, { location: `http://intranet.example:${port}/admin` }).end();
  if (route === '/to-page') return void response.writeHead(301, { location: '/page' }).end();
  if (route === '/to-file') return void response.writeHead(302, { location: 'file:///etc/passwd' }).end();
  if (route.startsWith('/loop/')) return void response.writeHead(302, { location: `/loop/${Number(route.slice(6)) + 1}` }).end();
  if (route === '/gzip-bomb') {
    // 6 MB of spaces in a few kilobytes: the cap applies to what the body decodes to.
    const bomb = gzipSync(Buffer.concat([Buffer.from('<!doctype html><html><body>'), Buffer.alloc(6 * 1048576, ' ')]));
    return void response
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': String(bomb.length) })
      .end(bomb);
  }
  response.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** A resolver that knows only these names. */
const resolveFrom =
  (table: Record<string, string>): ResolveHost =>
  async (hostname) => {
    const address = table[hostname];
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
/** Both made-up names are served by the test server on loopback. */
const resolve = resolveFrom({ 'news.example': '127.0.0.1', 'intranet.example': '127.0.0.1' });
/** In these tests news.example stands for a site on the internet; every other host is judged as in production. */
const newsIsPublic = (address: string, hostname: string) => hostname === 'news.example' || isPublicAddress(address);

const temps: string[] = [];
const tempCorpus = async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'verbatim-ssrf-'));
  temps.push(root);
  return path.join(root, 'corpus');
};
afterEach(async () => {
  requested.length = 0;
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
const filesIn = async (dir: string) => readdir(dir, { recursive: true }).catch(() => []);

describe('a download reaches public addresses only', () => {
  it('refuses a public-looking name that resolves to loopback, unless ALLOW_PRIVATE_URLS', async () => {
    const dir = await tempCorpus();
    await expect(fetchArticleToCorpus(`http://news.example:${port}/page`, dir, { network: { resolve } })).rejects.toThrow(
      new FetchRefusedError('news.example is not a public address (or does not resolve), so it is not fetched from.'),
    );
    expect(requested).toEqual([]);
    expect(await filesIn(dir)).toEqual([]);

    const fetched = await fetchArticleToCorpus(`http://news.example:${port}/page`, dir, { network: { resolve, allowPrivate: true } });
    expect(fetched).toMatchObject({ file: 'web/news.example/page.html', type: 'html' });
    expect(requested).toEqual(['/page']);
  });

  it('the pinned connection itself refuses loopback: the name is resolved and checked again when connecting', async () => {
    const agent = pinnedAgent({ resolve });
    try {
      const attempt = fetch(`http://news.example:${port}/page`, { dispatcher: agent });
      await expect(attempt).rejects.toMatchObject({
        cause: new FetchRefusedError('news.example is not a public address (or does not resolve), so it is not fetched from.'),
      });
    } finally {
      await agent.destroy();
    }
    expect(requested).toEqual([]);
    const allowed = pinnedAgent({ resolve, allowPrivate: true });
    try {
      expect(await (await fetch(`http://news.example:${port}/page`, { dispatcher: allowed })).text()).toBe(PAGE);
    } finally {
      await allowed.destroy();
    }
  });

  it('refuses DNS rebinding: a public answer at the check and loopback at the connection', async () => {
    const dir = await tempCorpus();
    const answers: string[] = [];
    // The first answer is public (nothing ever connects to it: the connection asks again); every later one is loopback.
    const rebinding: ResolveHost = async () => {
      const address = answers.length === 0 ? '93.184.215.14' : '127.0.0.1';
      answers.push(address);
      return [{ address, family: 4 }];
    };
    await expect(fetchArticleToCorpus(`http://rebind.example:${port}/admin`, dir, { network: { resolve: rebinding } })).rejects.toThrow(
      'rebind.example is not a public address (or does not resolve), so it is not fetched from.',
    );
    expect(answers).toEqual(['93.184.215.14', '127.0.0.1']);
    expect(requested).toEqual([]);
    expect(await filesIn(dir)).toEqual([]);
  });

  it.each([
    ['/to-loopback', 'it redirects to 127.0.0.1, which is not a public address (or does not resolve).'],
    ['/to-intranet-name', 'it redirects to intranet.example, which is not a public address (or does not resolve).'],
    ['/to-file', 'it redirects to a file: address; only http and https are fetched.'],
    ['/loop/0', 'it redirects more than 5 times.'],
  ])('checks every redirect: %s is refused', async (route, reason) => {
    const dir = await tempCorpus();
    await expect(
      fetchArticleToCorpus(`http://news.example:${port}${route}`, dir, { network: { resolve, isAllowed: newsIsPublic } }),
    ).rejects.toThrow(new FetchRefusedError(reason));
    expect(requested).not.toContain('/admin');
    expect(await filesIn(dir)).toEqual([]);
  });

  it('follows a redirect that stays on public addresses, and saves the page under the address asked for', async () => {
    const dir = await tempCorpus();
    const fetched = await fetchArticleToCorpus(`http://news.example:${port}/to-page`, dir, {
      network: { resolve, isAllowed: newsIsPublic },
    });
    expect(fetched).toMatchObject({ url: `http://news.example:${port}/to-page`, file: 'web/news.example/to-page.html' });
    expect(requested).toEqual(['/to-page', '/page']);
  });

  it.each([
    '[::127.0.0.1]',
    '[64:ff9b::a9fe:a9fe]',
    '[100::1]',
    '[2001:db8::1]',
    '198.18.0.1',
    '192.0.0.8',
    '192.0.2.1',
    '[2002:7f00:1::]',
  ])('refuses the special-use address %s before connecting', async (host) => {
    const dir = await tempCorpus();
    const hostname = new URL(`http://${host}/`).hostname;
    await expect(fetchArticleToCorpus(`http://${host}:${port}/page`, dir)).rejects.toThrow(
      new FetchRefusedError(`${hostname} is not a public address (or does not resolve), so it is not fetched from.`),
    );
    expect(requested).toEqual([]);
  });

  it('refuses a gzip bomb at the size limit of what it decodes to', async () => {
    const dir = await tempCorpus();
    await expect(
      fetchArticleToCorpus(`http://news.example:${port}/gzip-bomb`, dir, { network: { resolve, isAllowed: newsIsPublic } }),
    ).rejects.toThrow(new FetchRefusedError('it is larger than 5 MB, the most an article may be.'));
  });

  it('refuses an address with a broken percent-escape, with a reason, before any request', async () => {
    const dir = await tempCorpus();
    for (const broken of [`http://news.example:${port}/caf%E9`, `http://news.example:${port}/50%-off`]) {
      await expect(fetchArticleToCorpus(broken, dir, { network: { resolve, isAllowed: newsIsPublic } }), broken).rejects.toThrow(
        new FetchRefusedError(
          'That address has a broken percent-escape (a % not followed by two hex ' +
            'digits, or bytes that are not UTF-8); copy the whole address again.',
        ),
      );
    }
    expect(requested).toEqual([]);
  });
});
