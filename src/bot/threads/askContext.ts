/**
 * What a follow-up in a thread is asked with: the thread's earlier questions and the articles
 * its answers cited, as plain data the answer engine can weigh (the earlier questions' terms at
 * a lower weight, the cited articles preferred). Nothing is generated from it.
 */
export interface AskContext {
  /** Earlier questions in the thread, oldest first. */
  earlierQuestions: string[];
  /** Sources (`corpus/…` paths) the thread's answers cited, most recent first. */
  citedSources: string[];
}

/**
 * The question as the engine is asked it until it takes `AskContext` itself: the follow-up
 * first, then the earlier questions, so their terms join retrieval. The follow-up's own words
 * still decide what kind of answer is wanted ("how many" wants a number), because it comes first.
 */
export function questionWithContext(question: string, context: AskContext | undefined): string {
  return context ? [question, ...context.earlierQuestions].join(' ') : question;
}
