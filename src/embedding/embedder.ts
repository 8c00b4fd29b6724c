/**
 * The embedder: one transformers.js feature-extraction pipeline's tokenizer and model, whichever
 * model it runs, with the pooling done here (see poolTokenVectors).
 * Model files live under the project's cache folder. `auto` prefers the hub model and falls
 * back to the offline one, with one warning, when the hub cannot be reached within a few seconds.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { env, pipeline, type Tensor } from '@xenova/transformers';
import type { ModelIdentity } from '../index/manifest.js';
import { buildOfflineModel, type TableRecipe } from './offlineModel.js';
import { HUB_DEFAULT_MODEL, type ModelProfile, OFFLINE_MODEL, profileFor } from './profiles.js';

const BATCH_SIZE = 32;

export interface Embedder {
  profile: ModelProfile;
  identity: ModelIdentity;
  maxTokens: number;
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
}

export interface EmbedderOptions {
  /** `auto` or a profile id. */
  model: string;
  cacheDir: string;
  hubTimeoutMs: number;
  log?: (message: string) => void;
  /** The offline model's table recipe; only the weighting benchmark changes it. */
  offlineRecipe?: TableRecipe;
}

/** What of a profile changes the vectors: the manifest compares it to refuse mixed-model queries. */
export function modelIdentity(profile: ModelProfile): ModelIdentity {
  const { id, dimensions, pooling, normalize, queryPrefix, passagePrefix, quantized, revision } = profile;
  return { id, dimensions, profile: { pooling, normalize, queryPrefix, passagePrefix, quantized, revision } };
}

/** What the tokenizer gives for a padded batch, of what the embedder uses. */
interface TokenizedBatch {
  attention_mask: Tensor;
}

/** The model's outputs, named as the feature-extraction pipeline looks for them. */
interface ModelOutputs {
  last_hidden_state?: Tensor;
  logits?: Tensor;
  token_embeddings?: Tensor;
}

/**
 * Pools token vectors `[batch, tokens, dimensions]` into one vector per text, exactly as the
 * feature-extraction pipeline's `pooling`/`normalize` options do (the same float32 roundings,
 * the same summation order), but far faster: transformers.js converts the BigInt attention mask
 * once per token per dimension and walks memory column-wise, which was most of ingest's time.
 * A text with no known word pools to the zero vector (the pipeline gives 0/0 = NaN).
 */
export function poolTokenVectors(
  tokenVectors: Pick<Tensor, 'data' | 'dims'>,
  attentionMask: Pick<Tensor, 'data'>,
  profile: Pick<ModelProfile, 'pooling' | 'normalize'>,
): Float32Array[] {
  const [batchSize = 0, tokenCount = 0, dimensions = 0] = tokenVectors.dims;
  const data = tokenVectors.data as Float32Array;
  const mask = attentionMask.data as BigInt64Array;
  const sums = new Float64Array(dimensions);
  const vectors: Float32Array[] = [];
  for (let row = 0; row < batchSize; row += 1) {
    const rowOffset = row * tokenCount * dimensions;
    const vector = new Float32Array(dimensions);
    if (profile.pooling === 'cls') {
      vector.set(data.subarray(rowOffset, rowOffset + dimensions));
    } else {
      sums.fill(0);
      let realTokens = 0;
      for (let token = 0; token < tokenCount; token += 1) {
        // Padding adds exactly 0 to the pipeline's sums, so skipping it changes nothing.
        if (Number(mask[row * tokenCount + token]) === 0) continue;
        realTokens += 1;
        const tokenOffset = rowOffset + token * dimensions;
        for (let d = 0; d < dimensions; d += 1) sums[d] = (sums[d] as number) + (data[tokenOffset + d] as number);
      }
      for (let d = 0; d < dimensions; d += 1) vector[d] = (sums[d] as number) / realTokens;
    }
    if (profile.normalize) {
      // transformers.js accumulates the squared norm in a float32, rounding at every step.
      let squaredNorm = 0;
      for (let d = 0; d < dimensions; d += 1) squaredNorm = Math.fround(squaredNorm + (vector[d] as number) ** 2);
      const norm = Math.fround(squaredNorm ** 0.5);
      for (let d = 0; d < dimensions; d += 1) vector[d] = (vector[d] as number) / norm;
    }
    for (let d = 0; d < dimensions; d += 1) if (!Number.isFinite(vector[d])) vector[d] = 0;
    vectors.push(vector);
  }
  return vectors;
}

async function isCached(cacheDir: string, profile: ModelProfile): Promise<boolean> {
  const file = path.join(cacheDir, ...profile.id.split('/'), 'onnx', profile.quantized ? 'model_quantized.onnx' : 'model.onnx');
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Whether the hub answers at all within the timeout (any HTTP status counts as reachable). */
async function hubReachable(timeoutMs: number): Promise<boolean> {
  try {
    await fetch(env.remoteHost, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

async function chooseProfile(options: EmbedderOptions): Promise<ModelProfile> {
  if (options.model !== 'auto') return profileFor(options.model);
  const hubProfile = profileFor(HUB_DEFAULT_MODEL);
  if ((await isCached(options.cacheDir, hubProfile)) || (await hubReachable(options.hubTimeoutMs))) return hubProfile;
  options.log?.(
    `Warning: the Hugging Face hub cannot be reached, so ${HUB_DEFAULT_MODEL} is unavailable; ` +
      `using the offline model ${OFFLINE_MODEL} instead (set EMBEDDING_MODEL to choose explicitly).`,
  );
  return profileFor(OFFLINE_MODEL);
}

export async function createEmbedder(options: EmbedderOptions): Promise<Embedder> {
  const profile = await chooseProfile(options);
  env.cacheDir = options.cacheDir;
  env.localModelPath = options.cacheDir;
  if (profile.origin === 'offline') await buildOfflineModel(options.cacheDir, options.log, options.offlineRecipe);
  // Offline models, and hub models already downloaded, never touch the network.
  env.allowRemoteModels = profile.origin === 'hub' && !(await isCached(options.cacheDir, profile));
  const extractor = await pipeline('feature-extraction', profile.id, { quantized: profile.quantized });

  const embed = async (texts: string[], prefix: string): Promise<Float32Array[]> => {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH_SIZE) {
      const batch = texts.slice(i, i + BATCH_SIZE).map((t) => prefix + t);
      // The pipeline's own steps, except pooling: see poolTokenVectors for why.
      const inputs = extractor.tokenizer(batch, { padding: true, truncation: true }) as TokenizedBatch;
      const outputs = (await extractor.model(inputs)) as ModelOutputs;
      const tokenVectors = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
      if (!tokenVectors) throw new Error(`The model ${profile.id} returned no token vectors (last_hidden_state).`);
      vectors.push(...poolTokenVectors(tokenVectors, inputs.attention_mask, profile));
    }
    return vectors;
  };

  return {
    profile,
    identity: modelIdentity(profile),
    maxTokens: profile.maxTokens,
    embedPassages: (texts) => embed(texts, profile.passagePrefix),
    embedQuery: async (text) => (await embed([text], profile.queryPrefix))[0] as Float32Array,
  };
}
