/**
 * A synthetic history of questions for the store's benchmark and tests: wordings drawn from a
 * few hundred topics (so similar wordings group), two in three answered with three citations,
 * askers and articles spread the way a busy server would spread them.
 */
import { questionKey } from '../../src/report/questionKey.js';
import type { QuestionRecord } from '../../src/store/questionStore.js';

const FORMS = [
  'How many {t} were there?',
  'What happened to the {t}?',
  'When did the {t} arrive?',
  'Who led the {t}?',
  'Where were the {t} sent?',
];
const TOPICS = 400;

export const HISTORY_GUILD_ID = '300000000000000003';

/** The i-th question of the history, asked at `askedAt`. */
export function syntheticQuestion(i: number, askedAt: number, guildId = HISTORY_GUILD_ID): QuestionRecord {
  const topic = `lighthouse keepers of isle ${(i * 7919) % TOPICS}`;
  const question = (FORMS[i % FORMS.length] as string).replace('{t}', topic);
  const answered = i % 3 !== 0;
  return {
    guildId,
    channelId: '400000000000000004',
    askedAt,
    askerHash: `asker-${(i * 31) % 997}`,
    question,
    questionKey: questionKey(question),
    answered,
    confidence: answered ? 0.8 : 0.2,
    topScore: answered ? 0.8 : 0.1,
    cited: answered
      ? [0, 1, 2].map((rank) => ({
          source: `corpus/article-${(i + rank * 13) % 250}.md`,
          title: `Article ${(i + rank * 13) % 250}`,
          paragraph: rank + 1,
          start: 100 * rank,
          end: 100 * rank + 240,
          text:
            `Quoted passage ${rank} for question ${i}: the keepers received barrels of ` +
            `salted herring and sacks of oats, as the ledger of the supply ship records.`,
          highlight: rank === 0 ? { start: 110, end: 180 } : null,
          answerProbability: 0.8 - rank * 0.1,
          answers: true,
        }))
      : [],
  };
}
