import { describe, expect, it } from 'vitest';
import { packSegments, planIngest } from '../../src/index/ingest.js';
import { type IndexManifest, MANIFEST_FORMAT } from '../../src/index/manifest.js';
import type { IndexedArticle } from '../../src/index/segment.js';
import type { Article } from '../../src/types.js';

const article = (source: string, contentHash: string): Article => ({
  source,
  text: 'x',
  contentHash,
  title: source,
  meta: {},
  paragraphs: [],
});

const manifest = (articles: Record<string, { hash: string; segment: string }>): IndexManifest => ({
  format: MANIFEST_FORMAT,
  generation: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  model: { id: 'm', dimensions: 2, profile: {} },
  chunkerVersion: '1',
  segments: [...new Set(Object.values(articles).map((a) => a.segment))].map((id) => ({ id, articles: 0, passages: 0 })),
  articles: Object.fromEntries(
    Object.entries(articles).map(([source, a]) => [source, { contentHash: a.hash, segment: a.segment, title: source, passages: 1 }]),
  ),
});

describe('planIngest', () => {
  it('embeds everything when there is no previous index', () => {
    const plan = planIngest(null, [article('a', '1'), article('b', '2')]);
    expect(plan.toEmbed.map((a) => a.source)).toEqual(['a', 'b']);
    expect(plan.keptSegments).toEqual([]);
    expect(plan.unchanged).toBe(0);
  });

  it('keeps untouched segments, rewrites dirty ones carrying their unchanged articles', () => {
    const previous = manifest({
      a: { hash: '1', segment: 's1' },
      b: { hash: '2', segment: 's1' },
      c: { hash: '3', segment: 's2' },
      d: { hash: '4', segment: 's3' },
    });
    // a changed, d deleted, e new; b and c unchanged.
    const plan = planIngest(previous, [article('a', '1*'), article('b', '2'), article('c', '3'), article('e', '5')]);
    expect(plan.toEmbed.map((x) => x.source).sort()).toEqual(['a', 'e']);
    expect(plan.removed).toEqual(['d']);
    expect(plan.keptSegments).toEqual(['s2']);
    expect([...plan.carried.entries()].map(([id, set]) => [id, [...set]])).toEqual([['s1', ['b']]]);
    expect(plan.unchanged).toBe(2);
  });

  it('does nothing when nothing changed', () => {
    const previous = manifest({ a: { hash: '1', segment: 's1' } });
    const plan = planIngest(previous, [article('a', '1')]);
    expect(plan.toEmbed).toEqual([]);
    expect(plan.removed).toEqual([]);
    expect(plan.keptSegments).toEqual(['s1']);
    expect(plan.carried.size).toBe(0);
  });
});

describe('packSegments', () => {
  const item = (source: string, passages: number): IndexedArticle => ({
    article: article(source, source),
    passages: Array.from({ length: passages }, (_, i) => ({
      id: `${source}#${i}`,
      source,
      start: i,
      end: i + 1,
      paragraphs: [1],
      sentences: [],
      sentenceKinds: [],
    })),
    vectors: [],
  });

  it('keeps whole articles together and respects the bound', () => {
    const groups = packSegments([item('a', 3), item('b', 3), item('c', 2), item('d', 5)], 6);
    expect(groups.map((g) => g.map((i) => i.article.source))).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it('gives an oversized article a segment of its own', () => {
    const groups = packSegments([item('a', 1), item('big', 10), item('b', 1)], 4);
    expect(groups.map((g) => g.map((i) => i.article.source))).toEqual([['a'], ['big'], ['b']]);
  });
});
