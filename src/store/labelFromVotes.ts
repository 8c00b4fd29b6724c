/**
 * One label per question from what was said about it: a moderator's mark outranks every
 * member's vote; otherwise the choice most members made (a quote that answers, or "none of
 * these answers"). Members split evenly give no label: nobody can tell which side is right.
 */

/** The rank of the quote that answers (0-based, among the question's citations), or null: nothing shown answers. */
export type LabelChoice = number | null;

export interface VoteTally {
  choice: LabelChoice;
  voters: number;
}

export function labelFromVotes(
  mark: { choice: LabelChoice } | undefined,
  tallies: readonly VoteTally[],
): { choice: LabelChoice; by: 'moderator' | 'members' } | undefined {
  if (mark) return { choice: mark.choice, by: 'moderator' };
  const [first, second] = [...tallies].sort((a, b) => b.voters - a.voters);
  if (!first || first.voters === 0 || (second && second.voters === first.voters)) return undefined;
  return { choice: first.choice, by: 'members' };
}
