/**
 * Several passage stores read as one: a server's questions search the operator's base corpus
 * and the server's own articles together. Each part keeps its own index; candidates are merged
 * before the scorer (the best `k` of each part by the part's own score, then the best `k` of
 * those), so no part ever holds another's articles. A part's articles are named with its
 * prefix (`server:corpus/x.md`), which keeps sources apart and tells a citation's reader which
 * corpus an article came from.
 */
import type { LexicalHit, LexicalScores, ModelIdentity, PassageStore } from '../index/passageStore.js';
import type { Article, Passage } from '../types.js';

export interface StorePart {
  store: PassageStore;
  /** Put before each of its sources ('' for the base corpus). */
  prefix: string;
}

interface Placed extends StorePart {
  /** Row of its first passage in the combined numbering. */
  offset: number;
}

function bestOf<T>(lists: T[][], score: (item: T) => number, k: number): T[] {
  return lists
    .flat()
    .sort((a, b) => score(b) - score(a))
    .slice(0, k);
}

/** `model` is what every part was indexed with (a server with no articles yet has no part). */
export function combinedStore(parts: StorePart[], model: ModelIdentity): PassageStore {
  const foreign = parts.find((p) => p.store.model.id !== model.id);
  if (foreign)
    throw new Error(`A corpus was indexed with ${foreign.store.model.id}, the others with ${model.id}; re-ingest it with ${model.id}.`);
  let offset = 0;
  const placed: Placed[] = parts.map((part) => {
    const at = { ...part, offset };
    offset += part.store.passageCount;
    return at;
  });
  const passageCount = offset;
  // Longest prefix first, so that '' (the base) only takes what no server prefix claims.
  const byPrefix = [...placed].sort((a, b) => b.prefix.length - a.prefix.length);
  const partOfSource = (source: string) => {
    const part = byPrefix.find((p) => source.startsWith(p.prefix));
    return part && { part, own: source.slice(part.prefix.length) };
  };
  const partOfRow = (row: number) => placed.find((p) => p.offset <= row && row < p.offset + p.store.passageCount);
  const renamedArticles = new Map<Placed, Article[]>(
    placed.map((p) => [p, p.prefix ? p.store.articles.map((a) => ({ ...a, source: p.prefix + a.source })) : [...p.store.articles]]),
  );
  const articles = placed.flatMap((p) => renamedArticles.get(p) ?? []);
  const articleBySource = new Map(articles.map((a) => [a.source, a]));
  const renamed = (part: Placed, passage: Passage): Passage =>
    part.prefix ? { ...passage, id: part.prefix + passage.id, source: part.prefix + passage.source } : passage;

  return {
    model,
    // Monotonic: rises whenever any part commits a change.
    generation: parts.reduce((sum, p) => sum + p.store.generation, 0),
    // The last part's own levels (a server's, measured on its articles), else the base's.
    calibration: [...parts].reverse().find((p) => p.store.calibration)?.store.calibration,
    articles,
    passageCount,
    article: (source) => articleBySource.get(source),
    rowsOf(source) {
      const found = partOfSource(source);
      const rows = found?.part.store.rowsOf(found.own);
      return found && rows && { first: rows.first + found.part.offset, end: rows.end + found.part.offset };
    },
    passage(row) {
      const part = partOfRow(row);
      const passage = part?.store.passage(row - part.offset);
      return part && passage && renamed(part, passage);
    },
    documentFrequency: (term) => placed.reduce((sum, p) => sum + p.store.documentFrequency(term), 0),
    rowsWithTerm(term, limit) {
      const rows: number[] = [];
      for (const p of placed)
        if (rows.length < limit) rows.push(...p.store.rowsWithTerm(term, limit - rows.length).map((row) => row + p.offset));
      return rows;
    },
    async nearest(query, k, source) {
      const wanted =
        source === undefined ? placed.map((part) => ({ part, own: undefined })) : [partOfSource(source)].filter((f) => f !== undefined);
      const lists = await Promise.all(
        wanted.map(async ({ part, own }) => {
          const rows = await part.store.nearest(query, k, own);
          const scores = await part.store.similarities(query, rows);
          return rows.map((row, i) => ({ row: row + part.offset, score: scores[i] as number }));
        }),
      );
      return bestOf(lists, (hit) => hit.score, k).map((hit) => hit.row);
    },
    async lexical(terms): Promise<LexicalScores> {
      const scores = await Promise.all(placed.map(async (part) => ({ part, scores: await part.store.lexical(terms) })));
      return {
        of(row) {
          const found = scores.find(({ part }) => part.offset <= row && row < part.offset + part.store.passageCount);
          return found ? found.scores.of(row - found.part.offset) : 0;
        },
        best(k, source) {
          const owner = source === undefined ? undefined : partOfSource(source);
          const lists = scores
            .filter(({ part }) => source === undefined || owner?.part === part)
            .map(({ part, scores: s }): LexicalHit[] =>
              s.best(k, owner?.own).map((hit) => ({ row: hit.row + part.offset, score: hit.score })),
            );
          return bestOf(lists, (hit) => hit.score, k);
        },
      };
    },
    async similarities(query, rows) {
      const scores = new Map<number, number>();
      await Promise.all(
        placed.map(async (part) => {
          const own = rows.filter((row) => part.offset <= row && row < part.offset + part.store.passageCount);
          const found = await part.store.similarities(
            query,
            own.map((row) => row - part.offset),
          );
          own.forEach((row, i) => scores.set(row, found[i] as number));
        }),
      );
      return rows.map((row) => scores.get(row) ?? 0);
    },
    storedText(source) {
      const found = partOfSource(source);
      if (!found) return Promise.resolve({ text: null, problem: `${source} is in no corpus of this server` });
      return found.part.store.storedText(found.own);
    },
    async markStale(source) {
      const found = partOfSource(source);
      if (found) await found.part.store.markStale(found.own);
    },
  };
}
