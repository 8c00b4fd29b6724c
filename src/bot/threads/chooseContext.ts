/**
 * Which of a thread's earlier questions a follow-up is asked with, and when none is. A
 * follow-up leans on what came before when it continues it ("and how many were wounded?"),
 * points back at it ("what happened to them?") or is too short to stand alone ("why?"). A
 * follow-up that names its own subject is asked on its own, so a thread that drifts to a new
 * topic is not dragged back to the old one. Only the last questions count, and only recent ones.
 */
import type { AskContext } from './askContext.js';
import type { AskedInThread } from './threadHistories.js';

/** At most this many earlier questions join a follow-up. */
export const MAX_EARLIER_QUESTIONS = 2;
/** At most this many cited articles are passed on. */
export const MAX_CITED_SOURCES = 3;
/** Earlier questions older than this (from the follow-up) are left out: the talk has moved on. */
export const CONTEXT_WINDOW_MS = 60 * 60 * 1000;

const CONTINUATIONS = /^(and|but|or|so|also|then|plus|what about|how about|and what|what else|why|why not|how come|same for|as for)\b/iu;
const BACK_REFERENCES =
  /\b(they|them|their|theirs|it|its|this|that|these|those|there|then|he|him|his|she|her|hers|such|the same|the others?|former|latter)\b/iu;
/** Words that carry no subject of their own. */
const FUNCTION_WORDS = new Set(
  'a an the and or but so of to in on at for by with from about as is are was were be been being do does did has have had how many much what which who whom whose when where why will would can could should may might must more most some any all not no yes'.split(
    ' ',
  ),
);
/** A follow-up with fewer subject words than this cannot stand alone. */
const MIN_SUBJECT_WORDS = 3;

function subjectWords(question: string): string[] {
  return (question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !FUNCTION_WORDS.has(word));
}

/** Whether `followUp` needs the thread's earlier questions to be understood. */
export function leansOnEarlier(followUp: string): boolean {
  const text = followUp.trim();
  return CONTINUATIONS.test(text) || BACK_REFERENCES.test(text) || subjectWords(text).length < MIN_SUBJECT_WORDS;
}

/** The context for `followUp` in a thread with `history` (oldest first), or undefined to ask it on its own. */
export function chooseContext(history: readonly AskedInThread[] | undefined, followUp: string, now: number): AskContext | undefined {
  if (!history || !leansOnEarlier(followUp)) return undefined;
  const recent = history.filter((asked) => now - asked.at < CONTEXT_WINDOW_MS).slice(-MAX_EARLIER_QUESTIONS);
  if (recent.length === 0) return undefined;
  const citedSources = [...new Set([...recent].reverse().flatMap((asked) => asked.cited))].slice(0, MAX_CITED_SOURCES);
  return { earlierQuestions: recent.map((asked) => asked.question), citedSources };
}
