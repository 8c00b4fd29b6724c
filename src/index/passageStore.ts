/**
 * The vector store behind retrieval, kept small so that a server-backed store (a vector
 * database) can replace the file index by adding one module that implements it. The file index
 * implements it in fileStore.ts.
 */
export interface VectorHit {
  passageId: string;
  /** Cosine similarity in [-1, 1]; vectors are unit length. */
  score: number;
}

export interface VectorFilter {
  /** Only passages of this article (source path relative to the project root). */
  source?: string;
}

export interface StoredVector {
  passageId: string;
  source: string;
  vector: Float32Array;
}

export interface PassageStore {
  search(queryVector: Float32Array, k: number, filter?: VectorFilter): VectorHit[];
  upsert(items: StoredVector[]): Promise<void>;
  delete(passageIds: string[]): Promise<void>;
}
