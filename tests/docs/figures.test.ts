import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { benchResultsSchema, evalResultsSchema, figureBlocks, type EvalResults } from '../../src/docs/figureBlocks.js';
import { fillMarkedBlocks } from '../../src/docs/fillMarkedBlocks.js';
import { postgresBenchSchema, postgresEvalSchema, postgresFigureBlocks } from '../../src/docs/postgresFigureBlocks.js';

const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'bench', file), 'utf8'));
const committedEval = evalResultsSchema.parse(readJson('eval-results.json'));
const committedBench = benchResultsSchema.parse(readJson('results.json'));
const committedPostgres = postgresFigureBlocks(
  postgresEvalSchema.parse(readJson('eval-postgres.json')),
  postgresBenchSchema.parse(readJson('postgres.json')),
);
const docsDir = path.join(PROJECT_ROOT, 'docs');
const pages = readdirSync(docsDir)
  .filter((file) => file.endsWith('.md'))
  .map((file) => ({ file, text: readFileSync(path.join(docsDir, file), 'utf8') }));

describe('the figures in docs/', () => {
  it('are exactly what npm run docs:figures renders from the committed bench/*.json', () => {
    const blocks = { ...figureBlocks(committedEval, committedBench), ...committedPostgres };
    const marked = pages.filter((page) => page.text.includes('<!-- figures:'));
    expect(marked.map((page) => page.file).sort()).toEqual(['evaluation.md', 'postgres.md', 'scale-and-speed.md']);
    for (const page of marked) expect(page.text, `docs/${page.file}: run npm run docs:figures`).toBe(fillMarkedBlocks(page.text, blocks));
    const used = marked.flatMap((page) => [...page.text.matchAll(/<!-- figures:([a-z-]+) -->/gu)].map((m) => m[1])).sort();
    expect(used).toEqual(['eval', 'postgres-bench', 'postgres-eval', 'scale', 'speed', 'store', 'weighting']);
  });

  it('show plain BM25 beside each eval figure row', () => {
    const report = {
      questions: 10,
      unanswerable: 4,
      hitAt1: 0.7,
      hitAt5: 0.9,
      mrrAt5: 0.8,
      bm25: { hitAt1: 0.5, hitAt5: 0.6, mrrAt5: 0.55 },
      precisionOfAnswered: 0.875,
      coverage: 0.8,
      abstention: 0.75,
      answerLevel: 0.8512,
      aurc: 0.123,
      bm25Aurc: 0.456,
      coverageAt90: 0.4,
      coverageAt95: 0.3,
      bm25CoverageAt90: 0.1,
      declinedBySubkind: { offtopic: { questions: 2, declined: 2 }, 'swapped-name': { questions: 2, declined: 1 } },
    };
    const evalResults: EvalResults = { model: 'test/model', measuredAt: '2026-01-02T03:04:05.000Z', results: { 'mini (heldout)': report } };
    const block = figureBlocks(evalResults, committedBench).eval;
    expect(block).toContain('Model `test/model`, measured 2026-01-02 (`npm run eval`).');
    expect(block).toContain('| corpus (part) | answerable + unanswerable | hit@1 | BM25 hit@1 | hit@5 | BM25 hit@5 | MRR@5 | BM25 MRR@5 |');
    expect(block).toContain('| mini (heldout) | 10 + 4 | 0.70 | 0.50 | 0.90 | 0.60 | 0.80 | 0.55 |');
    expect(block).toContain(
      '| mini (heldout) | 0.85 | **0.88** | 0.80 | 0.12 | 0.46 | 0.40 | 0.10 | 0.30 | 0.75: offtopic 2/2, swapped-name 1/2 |',
    );
  });

  it('refuse a bench file that lacks a figure the docs show', () => {
    const withoutBm25 = structuredClone(readJson('eval-results.json')) as { results: Record<string, { bm25?: unknown }> };
    for (const report of Object.values(withoutBm25.results)) delete report.bm25;
    expect(() => evalResultsSchema.parse(withoutBm25)).toThrow(/bm25/u);
  });
});

describe('fillMarkedBlocks', () => {
  const page = 'Before.\n\n<!-- figures:eval -->\n| hand | edited |\n<!-- /figures:eval -->\n\nAfter.\n';

  it('replaces only what is between the markers, so a hand edit there is undone', () => {
    expect(fillMarkedBlocks(page, { eval: '| a | b |' })).toBe(
      'Before.\n\n<!-- figures:eval -->\n| a | b |\n<!-- /figures:eval -->\n\nAfter.\n',
    );
  });

  it('leaves a page without markers as it is', () => {
    expect(fillMarkedBlocks('No figures here.\n', { eval: 'x' })).toBe('No figures here.\n');
  });

  it('names a block it has no figures for, and a block that is never closed', () => {
    expect(() => fillMarkedBlocks(page, { speed: 'x' })).toThrow('No figures are generated for the block "eval" (known: speed).');
    expect(() => fillMarkedBlocks('<!-- figures:eval -->\nx\n', { eval: 'x' })).toThrow(
      'The block "eval" has no closing <!-- /figures:eval --> marker.',
    );
  });
});
