/** What a follow-up in a thread is asked with: the engine's conversation context (src/answer/engine.ts). */
export type { AskContext } from '../../answer/engine.js';
