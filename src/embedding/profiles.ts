/**
 * The embedding models Verbatim knows, each described by what changes its vectors. The index
 * manifest records the profile, so queries are always embedded the way the passages were.
 */
export interface ModelProfile {
  id: string;
  /** Where the files come from: the Hugging Face hub, or built locally from an npm package. */
  origin: 'hub' | 'offline';
  pooling: 'mean' | 'cls';
  normalize: boolean;
  queryPrefix: string;
  passagePrefix: string;
  /** The model's window in tokens; passages are cut well below it. */
  maxTokens: number;
  dimensions: number;
  /** Load onnx/model_quantized.onnx rather than onnx/model.onnx. */
  quantized: boolean;
  /** Changes whenever the model files would give different vectors (for the offline model: its build recipe). */
  revision: string;
}

export const HUB_DEFAULT_MODEL = 'Xenova/all-MiniLM-L6-v2';
export const OFFLINE_MODEL = 'verbatim/wink-sif-100d';

export const MODEL_PROFILES: Record<string, ModelProfile> = {
  [HUB_DEFAULT_MODEL]: {
    id: HUB_DEFAULT_MODEL,
    origin: 'hub',
    pooling: 'mean',
    normalize: true,
    queryPrefix: '',
    passagePrefix: '',
    maxTokens: 256,
    dimensions: 384,
    quantized: true,
    revision: 'main',
  },
  [OFFLINE_MODEL]: {
    id: OFFLINE_MODEL,
    origin: 'offline',
    pooling: 'mean',
    normalize: true,
    queryPrefix: '',
    passagePrefix: '',
    // A bag of word vectors has no window of its own; this bounds passages like MiniLM's does.
    maxTokens: 256,
    dimensions: 100,
    quantized: false,
    // Bump when the offline build would write different files: caches and indexes are then rebuilt.
    revision: 'sif-common-direction-150k-3',
  },
};

export class UnknownModelError extends Error {
  override name = 'UnknownModelError';
}

export function profileFor(id: string): ModelProfile {
  const profile = MODEL_PROFILES[id];
  if (!profile) {
    throw new UnknownModelError(`Unknown embedding model "${id}". Known models: auto, ${Object.keys(MODEL_PROFILES).join(', ')}.`);
  }
  return profile;
}
