/**
 * The query-side contract that the terminal (`ask`) and the Discord bot both use.
 * Implementations load the index and the model once; every method after that is cheap.
 */
import type { Levels } from '../calibration/indexCalibration.js';
import type { ArticleMatch } from '../corpus/matchArticle.js';
import type { Answer, ArticleSummary, ParagraphWindow } from '../types.js';

export interface AskOptions {
  /** How many quotes at most (default 5). */
  k?: number;
  /** Skip this many ranked quotes first (for "More"). */
  offset?: number;
  /** Restrict the search to one article: its source path, file name or title (see `matchArticle`). */
  source?: string;
  /** A follow-up's conversation: what was asked and cited before it (a Discord thread). */
  context?: AskContext;
  /** Levels for this question only (a server's levels fitted on its members' votes); default: the index's. */
  levels?: Levels;
}

/**
 * What a follow-up is asked with: earlier questions' terms join retrieval at a lower weight and
 * the articles already cited compete for every question; the follow-up's own words alone decide
 * what kind of answer is wanted and what must be found. Nothing is generated from it.
 */
export interface AskContext {
  /** Earlier questions, oldest first. */
  earlierQuestions: string[];
  /** Sources the earlier answers cited, most recent first. */
  citedSources: string[];
}

export interface CorpusEngine {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** Every article, in source order. */
  listArticles(): ArticleSummary[];
  /** Which article a reference names (source path, end of path or title, case-insensitive), or that it names several or none. */
  matchArticle(reference: string): ArticleMatch;
  /** The one article a reference names, as `source` options resolve it; undefined when it names none or several. */
  findArticle(reference: string): ArticleSummary | undefined;
  /** Articles whose title or file matches `query` (case-insensitive), best first; for autocomplete. */
  findArticles(query: string, limit: number): ArticleSummary[];
  /** A paragraph with `radius` neighbours on each side; null when the article or paragraph does not exist. */
  paragraphWindow(source: string, paragraph: number, radius?: number): ParagraphWindow | null;
  /** `generation` is the index generation this engine serves (see the manifest). */
  readonly stats: { articles: number; passages: number; model: string; generation: number };
}
