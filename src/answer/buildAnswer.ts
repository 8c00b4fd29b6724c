/**
 * From ranked candidate passages to an `Answer`: overlapping windows merged, several articles
 * preferred over many windows of one, the abstention threshold applied, and in each quote the
 * sentence that best answers the question chosen as the highlight. Pure: the sentence vectors
 * are computed by the caller between `draftQuotes` and `finishAnswer`.
 */
import type { IndexSnapshot } from '../index/loadIndex.js';
import { analyseQuestion, type PassageCandidate, scoreText, type WordSimilarity } from '../retrieval/searchPassages.js';
import type { Answer, Quote, Span } from '../types.js';

/** Windows of one article shown before windows of other articles get their turn. */
const MAX_LEADING_PER_ARTICLE = 2;
/**
 * An answered page also shows quotes somewhat below the abstention threshold: the answering
 * passage of a paraphrase often ranks second or third with a score just under it. On
 * tests/eval/questions.jsonl, 0.8 of the threshold lifts hit@5 from 0.877 to 0.912; lower
 * floors let weak quotes of other articles take the diversity slots and lose it again.
 */
const PAGE_FLOOR_SHARE = 0.8;
/**
 * On the page, a quote without what was asked (no number for "how many", no mention of the
 * thing a "what" asks about) ranks this much lower, so "How many soldiers were sent?" shows
 * the sentence with "12,000" before better-covered ones without a number; its score is lowered
 * the same way, so scores stay best first. Whether to answer at all is decided on plain
 * relevance and what was asked (see draftQuotes). 0.1–0.5 leave the eval's hit@1,
 * hit@5 and abstention unchanged on both sets; 0.3 is the smallest that puts "12,000" first for
 * that question (its better-covered rival without a number leads by 0.29).
 */
const MISSING_ANSWER_RANK_PENALTY = 0.3;

export interface QuoteDraft extends Span {
  source: string;
  /** The best merged passage's relevance, less MISSING_ANSWER_RANK_PENALTY where it lacks what was asked (never below 0). */
  relevance: number;
  /** The merged passages' sentences, in order, without duplicates. */
  sentences: Span[];
}

function mergeOverlapping(snapshot: IndexSnapshot, candidates: PassageCandidate[]): QuoteDraft[] {
  const bySource = new Map<string, QuoteDraft[]>();
  for (const candidate of candidates) {
    const passage = snapshot.passages[candidate.row];
    if (!passage) continue;
    const drafts = bySource.get(passage.source) ?? [];
    drafts.push({
      source: passage.source,
      start: passage.start,
      end: passage.end,
      relevance: Math.max(0, candidate.relevance - (candidate.hasWhatIsAsked ? 0 : MISSING_ANSWER_RANK_PENALTY)),
      sentences: passage.sentences,
    });
    bySource.set(passage.source, drafts);
  }
  const merged: QuoteDraft[] = [];
  for (const drafts of bySource.values()) {
    drafts.sort((a, b) => a.start - b.start);
    let current: QuoteDraft | undefined;
    for (const draft of drafts) {
      if (current && draft.start < current.end) {
        const lastEnd = current.sentences.at(-1)?.end ?? current.start;
        current.end = Math.max(current.end, draft.end);
        current.relevance = Math.max(current.relevance, draft.relevance);
        current.sentences = [...current.sentences, ...draft.sentences.filter((s) => s.start >= lastEnd)];
      } else {
        current = { ...draft, sentences: [...draft.sentences] };
        merged.push(current);
      }
    }
  }
  return merged;
}

/** Best first, but no article fills the top with more than MAX_LEADING_PER_ARTICLE windows while others wait. */
function diversify(drafts: QuoteDraft[]): QuoteDraft[] {
  const ranked = [...drafts].sort((a, b) => b.relevance - a.relevance);
  const leading: QuoteDraft[] = [];
  const deferred: QuoteDraft[] = [];
  const shown = new Map<string, number>();
  for (const draft of ranked) {
    const count = shown.get(draft.source) ?? 0;
    (count < MAX_LEADING_PER_ARTICLE ? leading : deferred).push(draft);
    shown.set(draft.source, count + 1);
  }
  return [...leading, ...deferred];
}

export interface DraftAnswer {
  question: string;
  answered: boolean;
  drafts: QuoteDraft[];
}

export interface DraftOptions {
  threshold: number;
  k: number;
  offset: number;
}

/** `candidates` come most relevant first, as `rankCandidates` returns them. */
export function draftQuotes(snapshot: IndexSnapshot, question: string, candidates: PassageCandidate[], options: DraftOptions): DraftAnswer {
  const ranked = diversify(mergeOverlapping(snapshot, candidates));
  // Answered when some passage is relevant enough and holds what was asked; the best-ranked
  // passage need not be the one that answers.
  const answered = candidates.some((c) => c.hasWhatIsAsked && c.relevance >= options.threshold);
  const pool = answered ? ranked.filter((d) => d.relevance >= options.threshold * PAGE_FLOOR_SHARE) : ranked;
  // Diversity decides which quotes make the page; within it they are shown best first.
  const page = pool.slice(options.offset, options.offset + options.k).sort((a, b) => b.relevance - a.relevance);
  return { question, answered, drafts: page };
}

/** The texts whose vectors `finishAnswer` needs, in order: every sentence of every draft. */
export function sentencesToEmbed(snapshot: IndexSnapshot, draft: DraftAnswer): string[] {
  return draft.drafts.flatMap((d) => {
    const text = snapshot.articleBySource.get(d.source)?.text ?? '';
    return d.sentences.map((s) => text.slice(s.start, s.end));
  });
}

const roundScore = (score: number) => Math.round(score * 10_000) / 10_000;

export function finishAnswer(snapshot: IndexSnapshot, draft: DraftAnswer, sentenceDense: number[], similarity?: WordSimilarity): Answer {
  const question = analyseQuestion(draft.question);
  let next = 0;
  const quotes: Quote[] = draft.drafts.map((d) => {
    const article = snapshot.articleBySource.get(d.source);
    if (!article) throw new Error(`Article ${d.source} is missing from the index.`);
    let highlight: Span | null = null;
    let best = -Infinity;
    for (const sentence of d.sentences) {
      const dense = sentenceDense[next++] ?? 0;
      const { relevance } = scoreText(snapshot, question, article.text.slice(sentence.start, sentence.end), dense, similarity);
      if (relevance > best) {
        best = relevance;
        highlight = { start: sentence.start, end: sentence.end };
      }
    }
    const anchor = highlight?.start ?? d.start;
    const paragraph = article.paragraphs.find((p) => p.start <= anchor && anchor < p.end)?.number ?? 1;
    const quote: Quote = {
      source: d.source,
      title: article.title,
      paragraph,
      start: d.start,
      end: d.end,
      text: article.text.slice(d.start, d.end),
      highlight,
      score: roundScore(d.relevance),
    };
    if (article.meta.url) quote.url = article.meta.url;
    return quote;
  });
  return { question: draft.question, answered: draft.answered, quotes };
}
