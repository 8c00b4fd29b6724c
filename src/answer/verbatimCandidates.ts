import type { IndexSnapshot } from '../index/loadIndex.js';
import type { RankedCandidate } from '../retrieval/rankCandidates.js';
import type { StoredText } from './storedTexts.js';

/**
 * The candidates whose passage reads, character for character, as the stored text of its
 * article has it at the same offsets (candidates of articles not read are kept): a quote merged
 * from such passages is verbatim too, as merged passages overlap.
 */
export function verbatimCandidates(snapshot: IndexSnapshot, candidates: RankedCandidate[], texts: Map<string, StoredText>): RankedCandidate[] {
  return candidates.filter((candidate) => {
    const passage = snapshot.passages[candidate.row];
    const stored = passage && texts.get(passage.source);
    return !stored || (stored.text !== null && stored.text.slice(passage.start, passage.end) === passage.text);
  });
}
