/**
 * A labelled question as eval sets and labelled calibration sets write it (JSON lines), and the
 * passages that answer it. Shared by calibration (an index's levels from labelled questions)
 * and evaluation, so product code needs nothing from `eval/`.
 */
export type QuestionKind = 'fact' | 'paraphrase' | 'quote' | 'unanswerable';

export interface ExpectedPassage {
  source: string;
  fragment: string;
}

export interface EvalQuestion {
  id: string;
  question: string;
  kind: QuestionKind;
  /** For unanswerable questions: what makes them so (offtopic, ontopic-absent, swapped-name, …). */
  subkind?: string;
  source?: string;
  fragment?: string;
  alsoAccept?: ExpectedPassage[];
  /** The passages that answer, when given directly (dev corpora). */
  expected?: ExpectedPassage[];
}

export const expectedPassages = (q: EvalQuestion): ExpectedPassage[] =>
  q.expected ?? (q.source && q.fragment ? [{ source: q.source, fragment: q.fragment }, ...(q.alsoAccept ?? [])] : []);
