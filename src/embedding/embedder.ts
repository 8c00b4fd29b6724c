/**
 * The embedder: one transformers.js feature-extraction pipeline, whichever model it runs.
 * Model files live under the project's cache folder. `auto` prefers the hub model and falls
 * back to the offline one, with one warning, when the hub cannot be reached within a few seconds.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { env, pipeline } from '@xenova/transformers';
import type { ModelIdentity } from '../index/manifest.js';
import { buildOfflineModel } from './offlineModel.js';
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
}

/** What of a profile changes the vectors: the manifest compares it to refuse mixed-model queries. */
export function modelIdentity(profile: ModelProfile): ModelIdentity {
  const { id, dimensions, pooling, normalize, queryPrefix, passagePrefix, quantized, revision } = profile;
  return { id, dimensions, profile: { pooling, normalize, queryPrefix, passagePrefix, quantized, revision } };
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
  if (profile.origin === 'offline') await buildOfflineModel(options.cacheDir, options.log);
  // Offline models, and hub models already downloaded, never touch the network.
  env.allowRemoteModels = profile.origin === 'hub' && !(await isCached(options.cacheDir, profile));
  const extractor = await pipeline('feature-extraction', profile.id, { quantized: profile.quantized });

  const embed = async (texts: string[], prefix: string): Promise<Float32Array[]> => {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH_SIZE) {
      const batch = texts.slice(i, i + BATCH_SIZE).map((t) => prefix + t);
      const output = await extractor(batch, { pooling: profile.pooling, normalize: profile.normalize });
      const data = output.data as Float32Array;
      for (let row = 0; row < batch.length; row += 1) {
        const vector = data.slice(row * profile.dimensions, (row + 1) * profile.dimensions);
        // A text with no known word pools to 0/0; treat it as the zero vector (similar to nothing).
        for (let d = 0; d < vector.length; d += 1) if (!Number.isFinite(vector[d])) vector[d] = 0;
        vectors.push(vector);
      }
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
