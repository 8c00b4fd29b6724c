import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { articleHtml, articlePdf } from '../support/formatFixtures.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { fetchArticleToCorpus, sniffArticleType } from '../../src/corpus/fetchArticleToCorpus.js';
import { FetchRefusedError } from '../../src/corpus/fetchRefusedError.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { SAVED_URLS_FILE } from '../../src/corpus/savedUrls.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { readManifest } from '../../src/index/manifest.js';
import { MODEL_CACHE_DIR } from '../support/testConfig.js';
import { tempFolder } from '../support/tempFolder.js';

const page = articleHtml({
  title: 'Harbour ferry timetable changes',
  paragraphs: ['The harbour ferry will run every twenty minutes on weekdays from the first of June, the port authority said.'],
});
const pdf = await articlePdf({
  title: 'Ferry report',
  pages: [['The ferry report counts eleven thousand crossings in the first quarter of the year.']],
});
const SIX_MB = 6 * 1024 * 1024;

// Only 127.0.0.1: the pages a user might point Verbatim at, served by the test itself.
const server: Server = createServer((request, response) => {
  const route = request.url ?? '/';
  if (route === '/news/ferry.html') return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  if (route === '/moved') return void response.writeHead(301, { location: '/news/ferry.html' }).end();
  if (route === '/report') return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(pdf);
  if (route === '/data.json') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"a": 1}');
  if (route === '/gone') return void response.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not here</html>');
  if (route === '/huge') return void response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(SIX_MB) }).end();
  if (route === '/endless') {
    // No Content-Length: the cap must hold while the bytes arrive.
    response.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(256 * 1024, 'a');
    const send = () => (response.write(chunk) ? setImmediate(send) : response.once('drain', send));
    response.on('close', () => response.destroy());
    return void send();
  }
  if (route === '/silent') return; // never answers
  response.writeHead(500).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
// These pages are on loopback, as ALLOW_PRIVATE_URLS=true allows (tests/corpus/publicDownload.test.ts checks the refusals).
const onLoopback = { network: { allowPrivate: true } };
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const tempCorpus = async () => {
  const root = tempFolder('fetch');
  return { root, dir: path.join(root, 'corpus') };
};

describe('fetching a link into the corpus', () => {
  it('saves a page as .html under web/<site>/, records its address, and the page cites it', async () => {
    const { root, dir } = await tempCorpus();
    const fetched = await fetchArticleToCorpus(`${base}/moved`, dir, { ...onLoopback, now: () => new Date('2024-06-01T00:00:00Z') });
    expect(fetched).toEqual({ url: `${base}/moved`, file: 'web/127.0.0.1/moved.html', type: 'html', bytes: Buffer.byteLength(page) });
    expect(await readFile(path.join(dir, fetched.file), 'utf8')).toBe(page);
    expect(JSON.parse(await readFile(path.join(dir, SAVED_URLS_FILE), 'utf8'))).toEqual({
      'web/127.0.0.1/moved.html': { url: `${base}/moved`, fetchedAt: '2024-06-01T00:00:00.000Z' },
    });
    const { articles, skipped } = await loadCorpus(dir, root);
    expect(skipped).toEqual([]);
    expect(articles.map((a) => [a.source, a.title, a.meta.url])).toEqual([
      ['corpus/web/127.0.0.1/moved.html', 'Harbour ferry timetable changes', `${base}/moved`],
    ]);
  });

  it('tells a PDF by its bytes when the server does not say', async () => {
    const { dir } = await tempCorpus();
    expect(await fetchArticleToCorpus(`${base}/report`, dir, onLoopback)).toMatchObject({ file: 'web/127.0.0.1/report.pdf', type: 'pdf' });
    expect(() => sniffArticleType('application/pdf', new TextEncoder().encode('<html>'))).toThrow('it is labelled a PDF but is not one');
  });

  it.each([
    ['/data.json', 'it is application/json, not an HTML page or a PDF'],
    ['/gone', 'the server answered HTTP 404 Not Found.'],
    ['/huge', 'it is larger than 5 MB, the most an article may be.'],
    ['/endless', 'it is larger than 5 MB, the most an article may be.'],
  ])('refuses %s: %s', async (route, reason) => {
    const { dir } = await tempCorpus();
    const attempt = fetchArticleToCorpus(`${base}${route}`, dir, onLoopback);
    await expect(attempt).rejects.toThrow(FetchRefusedError);
    await expect(fetchArticleToCorpus(`${base}${route}`, dir, onLoopback)).rejects.toThrow(reason);
  });

  it('gives up on a server that does not answer, and on what is not an http(s) URL', async () => {
    const { dir } = await tempCorpus();
    await expect(fetchArticleToCorpus(`${base}/silent`, dir, { ...onLoopback, timeoutMs: 300 })).rejects.toThrow('no answer within 0.3 s.');
    await expect(fetchArticleToCorpus('file:///etc/passwd', dir)).rejects.toThrow('file: addresses are not fetched; only http and https.');
    await expect(fetchArticleToCorpus('example dot org', dir)).rejects.toThrow('is not a URL');
  });

  it('npm run ingest -- --url / --urls fetches, ingests incrementally, and reports each refusal', async () => {
    const { root, dir } = await tempCorpus();
    const indexDir = path.join(root, 'index');
    const list = path.join(root, 'urls.txt');
    await writeFile(list, `# reading list\n${base}/report\n\n${base}/gone\n`);
    // Spawned asynchronously: this process serves the pages the child fetches.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(PROJECT_ROOT, 'scripts/ingest.ts'),
        '--corpus',
        dir,
        '--index',
        indexDir,
        '--url',
        `${base}/news/ferry.html`,
        '--urls',
        list,
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, MODEL_CACHE_DIR, EMBEDDING_MODEL: OFFLINE_MODEL, ALLOW_PRIVATE_URLS: 'true' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const run = { status, stderr };
    expect(run.stderr).toContain(`Fetched ${base}/news/ferry.html into ${path.join(dir, 'web/127.0.0.1/news-ferry.html')}`);
    expect(run.stderr).toContain(`Not fetched: ${base}/gone: the server answered HTTP 404 Not Found.`);
    expect(run.status).toBe(1);
    const manifest = (await readManifest(indexDir))!;
    expect(Object.keys(manifest.articles).sort()).toEqual([
      `${path.basename(dir)}/web/127.0.0.1/news-ferry.html`,
      `${path.basename(dir)}/web/127.0.0.1/report.pdf`,
    ]);
  });
});
