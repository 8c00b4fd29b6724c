/**
 * The data that flows through the pipeline, stage by stage:
 * corpus loading → chunking → embedding → index → retrieval → answer → rendering.
 *
 * Every offset is a JavaScript string index (UTF-16 code units) into the article's
 * original file text, decoded as UTF-8 with any byte-order mark kept, so that
 * `fs.readFileSync(path, 'utf8').slice(start, end)` reproduces the quoted text exactly.
 */

/** A half-open range `[start, end)` in file coordinates. */
export interface Span {
  start: number;
  end: number;
}

/** Citation metadata: from YAML front matter when present; unknown fields stay undefined. */
export interface ArticleMeta {
  url?: string;
  author?: string;
  published?: string;
  /** The publication or site the article came from (front matter `source`). */
  publisher?: string;
}

/** A real paragraph of an article (residue removed), numbered from 1 in reading order. */
export interface Paragraph extends Span {
  number: number;
  /** A short heading line (e.g. a section title or a credit line): shown in context, never quoted on its own. */
  heading: boolean;
  /** The page it is on, for paged formats (PDF); a paragraph never spans pages. */
  page?: number;
  /** The headings it is under, outermost first (`['Networking', 'Ports']`); absent outside any section. */
  section?: string[];
  /** A code block (Markdown fence or indented code), quoted as code and never as prose; its language when the fence names one. */
  code?: { language?: string };
  /** An item of a list: `list` is the same for every item of one list (nested lists belong to the outermost), `ordered` for `1.` lists. */
  list?: { list: number; ordered: boolean };
}

/** One article as loaded from disk. */
export interface Article {
  /** Path relative to the project root, with forward slashes, e.g. `corpus/000_x.txt`. */
  source: string;
  /**
   * The original file text (UTF-8, BOM kept); for a converted format (`format` set), the text
   * extracted from the file, which the index keeps as the article's snapshot.
   */
  text: string;
  /** Set for files converted to text (Markdown, HTML, PDF, Word); absent for text files, which are quoted as they are. */
  format?: 'markdown' | 'html' | 'pdf' | 'docx';
  /** sha256 (hex) of the file's bytes; drives incremental ingest. */
  contentHash: string;
  title: string;
  meta: ArticleMeta;
  paragraphs: Paragraph[];
}

/** A file that was not indexed, with a reason a user can act on. */
export interface SkippedFile {
  source: string;
  reason: string;
}

/** A unit of retrieval: whole sentences from one article, embedded together. */
export interface Passage extends Span {
  /** Stable id: `${source}#${start}-${end}`. */
  id: string;
  source: string;
  text: string;
  /** Paragraph numbers the passage covers, ascending; the first one is cited. */
  paragraphs: number[];
  /** The passage's sentences, in file coordinates, in order; they lie inside `[start, end)`. */
  sentences: Span[];
  /** For each sentence, the kinds of answer it holds (AnswerKind bits, src/language/english.ts), read at ingest. */
  sentenceKinds: number[];
}

/** One quote in an answer: verbatim text, where it comes from, and why it was chosen. */
export interface Quote extends Span {
  source: string;
  title: string;
  url?: string;
  /** The paragraph cited (1-based). */
  paragraph: number;
  /** The page of the paragraph cited, for paged formats (PDF). */
  page?: number;
  /** The section of the paragraph cited: its headings, outermost first. */
  section?: string[];
  /**
   * What the quote is: a code block (shown as code, with its language when known), the steps of
   * a procedure (a list, quoted whole for a how-to question), or prose (absent).
   */
  kind?: 'code' | 'steps';
  /** A code quote's language, as its fence names it (`yaml`, `sh`). */
  language?: string;
  /** For a converted format (Markdown, HTML, PDF, Word): the text snapshot file the offsets are in (`source` is the original). */
  textFile?: string;
  /** The original file, absolute, so a citation resolves from any directory (filled in by the CLI). */
  file?: string;
  /** `articleText.slice(start, end)`, always. */
  text: string;
  /** The sentence(s) that best answer the question, in file coordinates, inside `[start, end)`. */
  highlight: Span | null;
  /**
   * The fitted scorer's probability (0–1) that this passage answers the question; not the
   * answer's `confidence` (the calibrated level decided on). Printed as "score", and `score` in `ask --json`.
   */
  answerProbability: number;
  /** Part of the answer (true only on an answered page), or one of the closest passages that may not answer. */
  answers: boolean;
}

/**
 * How far the corpus answers: `answer` — the top quote answers ("Here is what the corpus
 * says"); `closest` — passages close to the question that may not answer; `none` — nothing
 * relevant ("Nothing in the corpus answers that.").
 */
export type AnswerLevel = 'answer' | 'closest' | 'none';

/** The answer, built once as plain data and rendered for Discord, the terminal or JSON. */
export interface Answer {
  question: string;
  /** `level === 'answer'`; when false, `quotes` holds the closest passages, not answers. */
  answered: boolean;
  level: AnswerLevel;
  /**
   * Calibrated probability (0–1) that the best passage which may answer does: on an answered
   * page, the first quote's. The answer level is decided on it.
   */
  confidence: number;
  quotes: Quote[];
}

/** What `/sources` lists about each article. */
export interface ArticleSummary {
  source: string;
  title: string;
  url?: string;
  paragraphs: number;
  passages: number;
}

/** A paragraph with its neighbours, for reading groups and the "Context" button. */
export interface ParagraphWindow {
  source: string;
  title: string;
  url?: string;
  /** The paragraph asked for and up to `radius` on each side, in order. */
  paragraphs: Array<Paragraph & { text: string }>;
  focus: number;
}
