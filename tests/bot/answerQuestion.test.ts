/**
 * The one answer flow, with a stub engine and store: the steps run once and in order, what is
 * recorded and remembered, and that every question-answering handler goes through it.
 */
import { readFileSync } from 'node:fs';
import type { Message } from 'discord.js';
import { describe, expect, test, vi } from 'vitest';
import type { AskOptions } from '../../src/answer/engine.js';
import { UnknownSourceError } from '../../src/answer/openEngine.js';
import { answerQuestion, NO_FURTHER_QUOTES, type AnswerOutlet, type QuestionAsked } from '../../src/bot/answerQuestion.js';
import { createAnswerSessions } from '../../src/bot/components/answerSessions.js';
import { createPrivateResults } from '../../src/bot/components/privateResults.js';
import { createConcurrencyLimit } from '../../src/bot/concurrency.js';
import type { BotContext } from '../../src/bot/context.js';
import { createCooldown } from '../../src/bot/cooldown.js';
import type { ReplyData } from '../../src/bot/reply.js';
import type { ServerLevels } from '../../src/store/questionStore.js';
import type { Answer, Quote } from '../../src/types.js';
import { payloadProblems } from '../support/liveMarkup.js';

const quote = (source: string, paragraph: number): Quote => ({
  source,
  title: `Title of ${source}`,
  paragraph,
  start: 0,
  end: 40,
  text: 'The keepers received barrels of herring.',
  highlight: null,
  answerProbability: 0.3,
  answers: false,
});

const NOTHING_ANSWERS: Answer = {
  question: 'q',
  answered: false,
  level: 'none',
  confidence: 0.1,
  quotes: [quote('corpus/a.txt', 1), quote('corpus/b.txt', 2)],
};
const ANSWERED: Answer = {
  question: 'q',
  answered: true,
  level: 'answer',
  confidence: 0.9,
  quotes: [1, 2, 3, 4, 5].map((n) => ({ ...quote(`corpus/${n}.txt`, n), answers: true, answerProbability: 0.9 })),
};

function stubContext(answer: () => Promise<Answer>, serverLevels: ServerLevels | null = null) {
  const ask = vi.fn((_question: string, _options: AskOptions) => answer());
  const recorded: unknown[] = [];
  const engine = { ask, levels: { answerLevel: 0.5, closestLevel: 0.2 }, scorer: 'scorer-1' };
  const privateResults = createPrivateResults();
  const ctx = {
    engineSource: { current: () => engine, forServer: async () => engine, close: async () => undefined },
    cooldown: createCooldown({ max: 1, windowMs: 60_000 }),
    questionLimit: createConcurrencyLimit(2),
    sessions: createAnswerSessions(),
    privateResults,
    answerInThreads: [],
    hashUser: (id: string) => `hash-${id}`,
    log: { error: vi.fn(), warn: vi.fn(), info: vi.fn() },
    store: {
      serverLevels: () => serverLevels,
      recordQuestion: (question: unknown) => recorded.push(question),
    },
  } as unknown as BotContext;
  return { ctx, ask, recorded, remember: vi.spyOn(privateResults, 'remember') };
}

function recordingOutlet(): AnswerOutlet & { replies: ReplyData[]; followUps: ReplyData[]; refused: number[] } {
  const replies: ReplyData[] = [];
  const followUps: ReplyData[] = [];
  const refused: number[] = [];
  return {
    replies,
    followUps,
    refused,
    refuseForCooldown: async (ms) => void refused.push(ms),
    acknowledge: async () => undefined,
    reply: async (data) => {
      replies.push(data);
      return async () => ({}) as Message;
    },
    followUp: async (data) => void followUps.push(data),
  };
}

const asker = { guildId: 'guild-1', channelId: 'channel-1', user: { id: 'member-1' } };
const customIds = (data: ReplyData | undefined) =>
  (data?.components ?? []).flatMap((row) => row.components.map((c) => ('custom_id' in c ? c.custom_id : '')));

describe('answerQuestion', () => {
  test('a mention that nothing answers keeps its closest passages once, behind a button that finds them', async () => {
    const { ctx, remember, recorded } = stubContext(async () => NOTHING_ANSWERS);
    const outlet = recordingOutlet();
    const { followUp: _none, ...mentionOutlet } = outlet;
    await answerQuestion(
      ctx,
      { asker, question: 'q', form: { kind: 'page', label: 'Question', ephemeral: false, closest: 'button' } },
      mentionOutlet,
    );
    expect(remember).toHaveBeenCalledTimes(1);
    expect(outlet.replies).toHaveLength(1);
    const closestId = customIds(outlet.replies[0])
      .find((id) => id.startsWith('closest:'))
      ?.slice('closest:'.length);
    expect(ctx.privateResults.get(closestId ?? '')?.embeds).toHaveLength(3);
    expect(recorded).toHaveLength(1);
  });

  test('/ask that nothing answers: the closest passages follow privately, with "Post publicly" for them', async () => {
    const { ctx, remember } = stubContext(async () => NOTHING_ANSWERS);
    const outlet = recordingOutlet();
    await answerQuestion(
      ctx,
      { asker, question: 'q', form: { kind: 'page', label: 'Question', ephemeral: false, closest: 'follow-up' } },
      outlet,
    );
    expect(remember).toHaveBeenCalledTimes(1);
    expect(outlet.followUps).toHaveLength(1);
    expect(outlet.followUps[0]?.ephemeral).toBe(true);
    const postId = customIds(outlet.followUps[0])[0]?.split(':')[1];
    expect(ctx.privateResults.get(postId ?? '')?.embeds).toEqual(outlet.followUps[0]?.embeds);
  });

  test('a name that fits several articles is told privately with their names, inert, and nothing is recorded', async () => {
    const candidates = ['corpus/sport/100.txt', 'corpus/tech/[x](https://evil.example) @everyone/100.txt'];
    const { ctx, recorded } = stubContext(async () => Promise.reject(new UnknownSourceError('100.txt', candidates)));
    const outlet = recordingOutlet();
    await answerQuestion(
      ctx,
      { asker, question: 'q', source: '100.txt', form: { kind: 'page', label: 'Question', ephemeral: false, closest: 'follow-up' } },
      outlet,
    );
    const notice = outlet.replies[0];
    expect(notice?.ephemeral).toBe(true);
    expect(notice?.content).toMatch(
      /^That name fits 2 articles; give one of these as the source:\n• corpus\/sport\/100\.txt\n• corpus\/tech\/\\\[x\\\]/u,
    );
    expect(payloadProblems(notice)).toEqual([]);
    expect(recorded).toHaveLength(0);
  });

  test('over the cooldown, the asker is refused and the engine is not asked', async () => {
    const { ctx, ask } = stubContext(async () => ANSWERED);
    const outlet = recordingOutlet();
    const asked: QuestionAsked = { asker, question: 'q', form: { kind: 'quote' } };
    await answerQuestion(ctx, asked, outlet);
    await answerQuestion(ctx, asked, outlet);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(outlet.refused).toHaveLength(1);
    expect(outlet.refused[0]).toBeGreaterThan(59_000);
  });

  test("a server's applied levels are asked with, and More continues the session unrecorded", async () => {
    const levels = { answerLevel: 0.8, closestLevel: 0.4, scorer: 'scorer-1', labelled: 40 };
    const { ctx, ask, recorded } = stubContext(async () => ANSWERED, levels);
    const outlet = recordingOutlet();
    await answerQuestion(
      ctx,
      { asker, question: 'q', source: 'corpus/1.txt', form: { kind: 'page', label: 'Question', ephemeral: false, closest: 'follow-up' } },
      outlet,
    );
    expect(ask).toHaveBeenLastCalledWith('q', { k: 5, source: 'corpus/1.txt', levels: { answerLevel: 0.8, closestLevel: 0.4 } });
    expect(recorded).toHaveLength(1);
    const more = customIds(outlet.replies[0]).find((id) => id.startsWith('more:'));
    expect(more).toMatch(/^more:[^:]+:4$/u);
    const sessionId = more?.split(':')[1] ?? '';
    const session = ctx.sessions.get(sessionId);
    if (!session) throw new Error('the answer kept no session for its buttons');
    expect(session.quoted).toHaveLength(4);

    const clicker = { ...asker, user: { id: 'member-2' } };
    const page: QuestionAsked = {
      asker: clicker,
      question: 'q',
      continues: { sessionId, session, offset: 4 },
      form: { kind: 'page', label: 'More for', ephemeral: true, closest: 'none' },
    };
    await answerQuestion(ctx, page, outlet);
    expect(ask).toHaveBeenLastCalledWith('q', { k: 5, source: 'corpus/1.txt', offset: 4, levels: { answerLevel: 0.8, closestLevel: 0.4 } });
    expect(recorded).toHaveLength(1);
    expect(session.quoted).toHaveLength(8);
    expect(customIds(outlet.replies[1]).filter((id) => id.startsWith('publish:'))).toHaveLength(1);
  });

  test('More past the last answering quote says so', async () => {
    const { ctx } = stubContext(async () => NOTHING_ANSWERS);
    const outlet = recordingOutlet();
    const session = { question: 'q', options: {}, quoted: [] };
    await answerQuestion(
      ctx,
      {
        asker,
        question: 'q',
        continues: { sessionId: 's', session, offset: 4 },
        form: { kind: 'page', label: 'More for', ephemeral: true, closest: 'none' },
      },
      outlet,
    );
    expect(outlet.replies).toEqual([{ content: NO_FURTHER_QUOTES }]);
  });
});

describe('every question-answering handler goes through answerQuestion', () => {
  const source = (file: string) => readFileSync(new URL(`../../src/bot/${file}`, import.meta.url), 'utf8');
  const handlers = [
    'commands/ask.ts',
    'commands/quote.ts',
    'commands/findInCorpus.ts',
    'components/moreButton.ts',
    'messages/handleMessage.ts',
  ];

  test.each(handlers)('%s calls answerQuestion and sequences no step of its own', (file) => {
    const code = source(file);
    expect(code).toMatch(/import \{ answerQuestion[ ,}]/u);
    expect(code).toMatch(/await answerQuestion\(\s*ctx,/u);
    expect(code).not.toMatch(/\.ask\(|recordQuestion|cooldown\.take|sessions\.save|privateResults\.remember|conversationAt/u);
  });
});
