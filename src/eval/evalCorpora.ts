/**
 * The eval corpora and their questions: the seed corpus with its two sets in tests/eval/, the
 * genre corpora committed in tests/eval/corpora/NAME/ (a novel, speeches, Markdown docs), and
 * every development corpus found beside the project (../shared/dev-corpora/NAME/; absent from
 * users' clones, skipped with one line). Genre and dev corpora have the same layout (articles/,
 * questions.jsonl, questions.provenance.jsonl) and are read by the same `devCorpus`. Every
 * question is in a fixed part: `fit` (what `npm run fit` may learn from) or `heldout` (only
 * reported). Dev corpora are split by article with a seeded hash, so no held-out question's
 * article was seen by the fit.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { articleFormat } from '../corpus/articleFormat.js';
import { convertMarkdown } from '../corpus/convertMarkdown.js';
import { sourceRootOf } from '../corpus/loadCorpus.js';
import type { EvalQuestion } from '../calibration/expectedPassages.js';
import { parseEvalSet } from './metrics.js';

export type EvalPart = 'fit' | 'heldout';

export interface EvalCorpus {
  name: string;
  corpusDir: string;
  questions: Array<EvalQuestion & { part: EvalPart }>;
  /** The text of an article by its source path (relative to the corpus folder's parent, as the index cites it). */
  fileText: (source: string) => string;
}

/**
 * Reads articles by source path, once each, as the index quotes them: a text file itself, a
 * Markdown page as its converted snapshot (quote offsets and gold fragments are in that text).
 */
function articleReader(corpusDir: string): (source: string) => string {
  const texts = new Map<string, string>();
  return (source) => {
    if (!texts.has(source)) {
      const raw = readFileSync(path.join(sourceRootOf(corpusDir), source), 'utf8');
      const format = articleFormat(source);
      // HTML, PDF and Word convert in a worker, asynchronously; no eval corpus holds them yet.
      if (format !== 'text' && format !== 'markdown') throw new Error(`${source}: the eval reads .txt and .md articles only.`);
      texts.set(source, format === 'markdown' ? convertMarkdown(raw).text : raw);
    }
    return texts.get(source) as string;
  };
}

/** Changing the seed would move questions between the parts: never change it after a fit. */
export const SPLIT_SEED = 'verbatim-split-2026';

/** Half of the articles (by a seeded hash of their name) are held out. */
export function partOf(key: string): EvalPart {
  const byte = createHash('sha256').update(`${SPLIT_SEED}:${key}`).digest()[0] as number;
  return byte < 128 ? 'fit' : 'heldout';
}

interface DevQuestion {
  id: string;
  kind: EvalQuestion['kind'];
  q: string;
  gold: Array<{ doc: string; contains: string }>;
}

interface DevProvenance {
  id: string;
  subkind?: string;
  squad_title?: string;
}

function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export function seedCorpus(projectRoot: string, corpusDir: string): EvalCorpus {
  const read = (file: string, part: EvalPart) =>
    parseEvalSet(readFileSync(path.join(projectRoot, file), 'utf8')).map((q) => ({ ...q, part }));
  return {
    name: 'seed',
    corpusDir,
    questions: [...read('tests/eval/questions.jsonl', 'fit'), ...read('tests/eval/heldout.jsonl', 'heldout')],
    fileText: articleReader(corpusDir),
  };
}

/** One development corpus folder, its gold documents resolved to project-relative sources. */
export function devCorpus(projectRoot: string, folder: string): EvalCorpus {
  const articles = path.join(folder, 'articles');
  const files = readdirSync(articles);
  const sourceOf = (doc: string) => {
    const file = files.find((f) => f === `${doc}.txt`) ?? files.find((f) => f.startsWith(doc));
    if (!file) throw new Error(`${folder}: no article file for "${doc}".`);
    return path.relative(sourceRootOf(articles), path.join(articles, file)).split(path.sep).join('/');
  };
  const provenanceFile = path.join(folder, 'questions.provenance.jsonl');
  const provenance = new Map(existsSync(provenanceFile) ? readJsonLines<DevProvenance>(provenanceFile).map((p) => [p.id, p] as const) : []);
  const questions = readJsonLines<DevQuestion>(path.join(folder, 'questions.jsonl')).map((q) => {
    const origin = provenance.get(q.id);
    const expected = q.gold.map((g) => ({ source: sourceOf(g.doc), fragment: g.contains }));
    // By article: the gold article, else the article an unanswerable question was written against, else the question itself.
    const key = q.gold[0]?.doc.replace(/^\d+_/u, '') ?? origin?.squad_title ?? q.id;
    const question: EvalQuestion & { part: EvalPart } = {
      id: q.id,
      question: q.q,
      kind: q.kind,
      part: partOf(key),
      expected,
    };
    if (origin?.subkind) question.subkind = origin.subkind;
    return question;
  });
  return { name: path.basename(folder), corpusDir: articles, questions, fileText: articleReader(articles) };
}

/** The dev corpora under `root` (each a folder with articles/ and questions.jsonl). */
export function devCorpora(projectRoot: string, root: string): EvalCorpus[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, entry.name, 'questions.jsonl')))
    .map((entry) => devCorpus(projectRoot, path.join(root, entry.name)));
}

/** Where `npm run fit -- --leave-out NAME` writes the calibration fitted without corpus NAME (never shipped). */
export const leaveOutCalibrationFile = (model: string, corpus: string) =>
  path.join(PROJECT_ROOT, 'data', 'loco', `${model.replace(/[^\w.-]+/gu, '__')}-without-${corpus}.json`);

/** The genre corpora committed with the project, relative to its root. */
export const GENRE_CORPORA = 'tests/eval/corpora';

/**
 * Every eval corpus: the seed corpus, the committed genre corpora, then the dev corpora in
 * `devRoot`. Names must differ: a corpus's index and its `--corpus` choice go by name.
 */
export function evalCorpora(projectRoot: string, seedCorpusDir: string, devRoot: string): EvalCorpus[] {
  const corpora = [
    seedCorpus(projectRoot, seedCorpusDir),
    ...devCorpora(projectRoot, path.join(projectRoot, GENRE_CORPORA)),
    ...devCorpora(projectRoot, devRoot),
  ];
  const names = corpora.map((c) => c.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new Error(`Two eval corpora are called "${repeated}": rename one folder (${GENRE_CORPORA}/ or ${devRoot}).`);
  return corpora;
}
