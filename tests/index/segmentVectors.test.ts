import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIndex } from '../../src/index/loadIndex.js';
import { segmentDir } from '../../src/index/segment.js';
import { seedCorpus } from '../support/seedCorpus.js';

describe('a segment stores its vectors once', () => {
  it('as packed float32, which the scan holds as they are; no vectra index.json beside them', async () => {
    // The seed index, as the ingest wrote it.
    const { config } = seedCorpus();
    const snapshot = await loadIndex(config.indexDir);
    expect(snapshot.manifest.segments).toHaveLength(1);
    const folder = segmentDir(config.indexDir, snapshot.manifest.segments[0]!.id);
    expect(readdirSync(folder).sort()).toEqual(['lexical-terms.json', 'lexical.bin', 'records.json', 'vectors.f32']);
    const bytes = readFileSync(path.join(folder, 'vectors.f32'));
    expect(bytes.length).toBe(snapshot.passages.length * snapshot.dimensions * 4);
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4))).toEqual(Array.from(snapshot.vectors));
  });
});
