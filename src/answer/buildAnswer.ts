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

export interface QuoteDraft extends Span {
  source: string;
  /** The best merged passage's relevance. */
  relevance: number;
  /** Whether any merged passage holds what was asked (see `PassageCandidate.hasWhatIsAsked`). */
  hasWhatIsAsked: boolean;
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
      relevance: candidate.relevance,
      hasWhatIsAsked: candidate.hasWhatIsAsked,
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
        current.hasWhatIsAsked ||= draft.hasWhatIsAsked;
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
  // passage need not be the one that answers. An answer shows only quotes that hold what was
  // asked: for "How many soldiers were sent?", a well-worded sentence without a number is no answer.
  const answered = candidates.some((c) => c.hasWhatIsAsked && c.relevance >= options.threshold);
  const pool = answered ? ranked.filter((d) => d.hasWhatIsAsked && d.relevance >= options.threshold * PAGE_FLOOR_SHARE) : ranked;
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
