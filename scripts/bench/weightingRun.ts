/**
 * What the offline model's word weighting is worth: builds the model with one table recipe
 * (SIF weights on or off, common direction removed or not) into its own cache, indexes the real
 * corpus with it, and ranks every passage by cosine alone for each answerable eval question.
 * Dense-only figures, so the threshold and the lexical side (tuned for the shipped recipe) do
 * not colour the comparison.
 *   weightingRun.ts --sif true|false --common true|false --dir DIR
 * Prints one JSON object on stdout.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { round } from './lib/measure.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { expectedPassages } from '../../src/calibration/expectedPassages.js';
import { quoteMatches } from '../../src/calibration/quoteMatches.js';
import { parseEvalSet } from '../../src/eval/metrics.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { loadIndex } from '../../src/index/loadIndex.js';
import { cosine } from '../../src/vectors/denseScan.js';

const { values } = parseArgs({ options: { sif: { type: 'string' }, common: { type: 'string' }, dir: { type: 'string' } } });
const recipe = { sif: values.sif === 'true', removeCommonDirection: values.common === 'true' };
const dir = path.resolve(values.dir as string);
await rm(dir, { recursive: true, force: true });

const embedder = await createEmbedder({
  model: OFFLINE_MODEL,
  cacheDir: path.join(dir, 'models'),
  hubTimeoutMs: 100,
  offlineRecipe: recipe,
});
const indexDir = path.join(dir, 'index');
await ingestCorpus({ corpusDir: path.join(PROJECT_ROOT, 'corpus'), indexDir, projectRoot: PROJECT_ROOT, embedder });
const snapshot = await loadIndex(indexDir);

const questions = ['tests/eval/questions.jsonl', 'tests/eval/heldout.jsonl']
  .flatMap((set) => parseEvalSet(readFileSync(path.join(PROJECT_ROOT, set), 'utf8')))
  .filter((q) => expectedPassages(q).length > 0);
const fileText = (source: string) => readFileSync(path.join(PROJECT_ROOT, source), 'utf8');
const ranks: number[] = [];
for (const question of questions) {
  const queryVector = await embedder.embedQuery(question.question);
  const expected = expectedPassages(question);
  const ranked = snapshot.passages
    .map((passage, row) => ({ passage, score: cosine(snapshot.vectors, row, queryVector) }))
    .sort((a, b) => b.score - a.score);
  ranks.push(ranked.findIndex(({ passage }) => expected.some((e) => quoteMatches(passage, e, fileText(e.source)))) + 1);
}
await rm(dir, { recursive: true, force: true });
const share = (test: (rank: number) => boolean) => round(ranks.filter(test).length / ranks.length, 3);
process.stdout.write(
  `${JSON.stringify({
    recipe,
    questions: ranks.length,
    denseHitAt1: share((r) => r === 1),
    denseHitAt5: share((r) => r >= 1 && r <= 5),
    denseMrrAt5: round(ranks.reduce((sum, r) => sum + (r >= 1 && r <= 5 ? 1 / r : 0), 0) / ranks.length, 3),
  })}\n`,
);
