import type { QuestionRecord } from '../../src/store/questionStore.js';
import { questionKey } from '../../src/report/questionKey.js';

/** A recorded question with three citations (answered) or none. */
export function sampleRecord(i: number, askedAt: number, overrides: Partial<QuestionRecord> = {}): QuestionRecord {
  const question = overrides.question ?? `How many lighthouse keepers served on Brannock Isle in year ${i % 50}?`;
  const answered = overrides.answered ?? i % 3 !== 0;
  return {
    guildId: '300000000000000003',
    channelId: '400000000000000004',
    askedAt,
    askerHash: `asker-${i % 7}`,
    question,
    questionKey: questionKey(question),
    answered,
    confidence: null,
    topScore: answered ? 0.8 : 0.1,
    cited: answered
      ? [0, 1, 2].map((rank) => ({
          source: `corpus/article-${(i + rank) % 10}.md`,
          title: `Article ${(i + rank) % 10}`,
          paragraph: rank + 1,
          start: 100 * rank,
          end: 100 * rank + 80,
          text: `Quoted passage ${rank} of question ${i}, word for word.`,
          highlight: rank === 0 ? { start: 10, end: 40 } : null,
          score: 0.8 - rank * 0.1,
        }))
      : [],
    ...overrides,
  };
}
