import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { JsonAnswer } from '../../src/render/json.js';
import { seedCorpus } from '../support/seedCorpus.js';
import { tempFolder } from '../support/tempFolder.js';

const { config, projectRoot } = seedCorpus();

/** Runs one of the project's scripts on the shared seed corpus and index, as a user would. */
function runScript(script: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', script), ...args], {
    cwd: PROJECT_ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: {
      ...process.env,
      CORPUS_DIR: config.corpusDir,
      INDEX_DIR: config.indexDir,
      MODEL_CACHE_DIR: config.modelCacheDir,
      EMBEDDING_MODEL: config.embeddingModel,
      ...options.env,
    },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const ask = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) => runScript('ask.ts', args, options);

function expectContract(value: unknown) {
  const answer = value as {
    question: unknown;
    answered: unknown;
    level: unknown;
    confidence: number;
    results: Array<Record<string, unknown>>;
  };
  expect(Object.keys(answer).sort()).toEqual(['answered', 'confidence', 'level', 'question', 'results']);
  expect(answer.answered).toBe(answer.level === 'answer');
  expect(answer.confidence).toBeGreaterThanOrEqual(0);
  expect(answer.confidence).toBeLessThanOrEqual(1);
  expect(typeof answer.question).toBe('string');
  expect(typeof answer.answered).toBe('boolean');
  for (const r of answer.results) {
    expect(Object.keys(r).sort()).toEqual(
      ['answers', 'end', 'file', 'highlight', 'kind', 'paragraph', 'score', 'section', 'source', 'start', 'text', 'title']
        .concat(Object.keys(r).includes('textFile') ? ['textFile'] : [])
        .sort(),
    );
    expect(r.section === null || typeof r.section === 'string').toBe(true);
    // The seed corpus is news text: prose only.
    expect(r.kind).toBe('prose');
    expect(path.isAbsolute(r.file as string)).toBe(true);
    expect((r.file as string).endsWith(r.source as string)).toBe(true);
    const text = readFileSync(path.join(projectRoot, r.source as string), 'utf8');
    expect(text.slice(r.start as number, r.end as number)).toBe(r.text);
    const h = r.highlight as { start: number; end: number } | null;
    if (h) {
      expect(h.start).toBeGreaterThanOrEqual(r.start as number);
      expect(h.end).toBeLessThanOrEqual(r.end as number);
    }
  }
  // Quotes that answer come first; the closest passages after them.
  const answers = answer.results.map((r) => r.answers as boolean);
  expect(answers).toEqual([...answers].sort((a, b) => Number(b) - Number(a)));
  if (!answer.answered) expect(answers.every((a) => !a)).toBe(true);
}

describe('ask --json', () => {
  it('prints exactly one JSON object in the documented shape, best first', () => {
    const run = ask(['--json', '--k', '3', 'How many soldiers has North Korea deployed to Russia?']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!) as JsonAnswer;
    expectContract(answer);
    expect(answer.answered).toBe(true);
    expect(answer.results.length).toBeLessThanOrEqual(3);
    expect(answer.results[0]?.source).toMatch(/^corpus\/.+\.txt$/u);
  });

  it('answers one JSON line per stdin line, in order (batch mode)', () => {
    const questions = ['dying like dogs', 'What is the recipe for kimchi?', '', 'K Battalion'];
    const run = ask(['--json', '--source', '002_739dac346a8982e8.txt'], { input: `${questions.join('\n')}\n` });
    expect(run.status).toBe(0);
    const answers = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JsonAnswer);
    expect(answers.map((a) => a.question)).toEqual(questions);
    answers.forEach(expectContract);
    expect(answers[0]?.answered).toBe(true);
    expect(answers[1]?.answered).toBe(false);
    expect(answers[2]).toEqual({ question: '', answered: false, level: 'none', confidence: 0, results: [] });
    expect(answers.flatMap((a) => a.results).every((r: { source: string }) => r.source.includes('002_'))).toBe(true);
  });
});

describe('ask in the terminal', () => {
  it('renders fixed UI text, the quote and a citation, without colour when piped', () => {
    const run = ask(['dying like dogs']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^(?:Here is what the corpus says|Closest passages — they may not answer exactly|Nothing in the corpus answers that\.) {2}\(confidence \d\.\d\d\)/u,
    );
    expect(run.stdout).toContain('(corpus/002_739dac346a8982e8.txt, ¶');
    expect(run.stdout).not.toContain('\u001b[');
  });
});

describe('exit codes', () => {
  it('2 for usage errors, with a reason', () => {
    expect(ask([]).status).toBe(2);
    const badK = ask(['--k', '0', 'x']);
    expect(badK.status).toBe(2);
    expect(badK.stderr).toMatch(/--k must be a whole number/u);
    const unknown = ask(['--json', '--source', 'nope', 'soldiers']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/No article matches "nope"/u);
    expect(ask(['--frobnicate']).status).toBe(2);
  });

  it('1 with a one-line reason when there is no index and it cannot be built', () => {
    const empty = tempFolder('empty');
    const run = ask(['soldiers'], { env: { CORPUS_DIR: empty, INDEX_DIR: path.join(empty, 'index') } });
    expect(run.status).toBe(1);
    const errorLines = run.stderr.split('\n').filter((l) => l.startsWith('Error:'));
    expect(errorLines).toEqual([expect.stringMatching(/No articles \(\.txt, \.md, \.mdx, \.html, \.htm, \.pdf, \.docx\)/u)]);
    expect(run.stderr).not.toMatch(/\s+at /u);
  });

  it('1 on a model mismatch', () => {
    const run = ask(['soldiers'], { env: { EMBEDDING_MODEL: 'Xenova/all-MiniLM-L6-v2' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Error: The index was built with the model verbatim\/wink-sif-100d/u);
  });

  it('--help explains the options', () => {
    const run = ask(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--source NAME');
  });
});

describe('--server', () => {
  it("ingest -- --server ID indexes that server's own articles, and ask -- --server ID answers from them and the base", async () => {
    const server = '320000000000000001';
    const corpusDir = path.join(config.dataDir, 'servers', server, 'corpus');
    await mkdir(corpusDir, { recursive: true });
    await writeFile(
      path.join(corpusDir, 'kiln.md'),
      'The Kiln at Harrow End\n\nThe kiln at Harrow End fired thirty-one thousand bricks in its first summer.\n',
    );
    const env = { DATA_DIR: config.dataDir };
    const ingest = runScript('ingest.ts', ['--server', server], { env });
    expect(ingest.status, ingest.stderr).toBe(0);
    const question = 'How many bricks did the kiln at Harrow End fire?';
    const asServer = ask(['--json', '--server', server, question], { env });
    expect(asServer.status, asServer.stderr).toBe(0);
    const first = (JSON.parse(asServer.stdout) as { results: Array<{ source: string; text: string }> }).results[0];
    expect(first).toMatchObject({ source: 'server:corpus/kiln.md' });
    expect(first?.text).toContain('thirty-one thousand bricks');
    expect(ask(['--json', question], { env }).stdout).not.toContain('thirty-one thousand');
    expect(ask(['--server', 'x/../../etc', question], { env })).toMatchObject({
      status: 2,
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers as any.
      stderr: expect.stringContaining('--server must be a numeric server id'),
    });
    // Four processes, one of them an ingest with its probes: 12 s alone, over 30 s beside the rest of the suite.
  }, 120_000);
});
