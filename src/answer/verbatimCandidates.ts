import type { PassageStore, StoredText } from '../index/passageStore.js';
import type { RankedCandidate } from '../retrieval/rankCandidates.js';

/**
 * The candidates whose passage reads, character for character, as the stored text of its
 * article has it at the same offsets (candidates of articles not read are kept): a quote merged
 * from such passages is verbatim too, as merged passages overlap.
 */
export function verbatimCandidates(store: PassageStore, candidates: RankedCandidate[], texts: Map<string, StoredText>): RankedCandidate[] {
  return candidates.filter((candidate) => {
    const passage = store.passage(candidate.row);
    const stored = passage && texts.get(passage.source);
    return !stored || (stored.text !== null && stored.text.slice(passage.start, passage.end) === passage.text);
  });
}
