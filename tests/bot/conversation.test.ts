/**
 * Answering where people talk, through the real discord.js client and the fake Discord:
 * questions asked by mention, threads begun from answers with follow-ups answered in context,
 * and private results posted publicly.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { COOLDOWN_REACTION, MENTION_HINT } from '../../src/bot/messages/handleMessage.js';
import { THREAD_NOTE } from '../../src/bot/threads/beginAnswerThread.js';
import { createThreadHistories } from '../../src/bot/threads/threadHistories.js';
import { TRANSPARENCY_HEADING } from '../../src/render/terminal.js';
import {
  buttonClick,
  FAKE_APPLICATION_ID,
  FAKE_CHANNEL_ID,
  inThread,
  messageCommand,
  PUBLIC_THREAD,
  slashCommand,
  threadChannel,
  type FakeUser,
  type RecordedRequest,
} from '../support/fakeDiscord.js';
import {
  button,
  callbackType,
  EPHEMERAL,
  interact,
  messageBody,
  newUser,
  startBotHarness,
  type BotHarness,
} from '../support/botHarness.js';
import { payloadProblems } from '../support/liveMarkup.js';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const DISCORD_EPOCH = 1_420_070_400_000;
const mention = (text: string) => `<@${FAKE_APPLICATION_ID}> ${text}`;

/** Sends a member's message mentioning the bot and resolves with the bot's reply to it. */
async function ask(author: FakeUser, text: string, channelId = FAKE_CHANNEL_ID): Promise<RecordedRequest> {
  const sent = h.fake.dispatchMessage({ author, content: mention(text), channelId, mentionsBot: true });
  return h.fake.waitForRequest(
    (r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && messageBody(r)?.message_reference?.message_id === sent.id,
  );
}

/** The questions the engine was asked while `work` ran, each followed by the earlier questions it was given as context. */
async function questionsAskedDuring(work: () => Promise<unknown>): Promise<string[]> {
  const engine = h.bot.ctx.engineSource.current();
  const spy = vi.spyOn(engine, 'ask');
  try {
    await work();
    return spy.mock.calls.map(([question, options]) => [question, ...(options?.context?.earlierQuestions ?? [])].join(' '));
  } finally {
    spy.mockRestore();
  }
}

const quoteTexts = (body: ReturnType<typeof messageBody>) => (body.embeds ?? []).slice(1).map((e) => e.description ?? '');

describe('ask by mention', () => {
  test('"@Verbatim how many soldiers…" is answered as a reply that pings no one, after a typing indicator', async () => {
    const reply = await ask(newUser(), 'How many North Korean soldiers were sent to Russia?');
    const body = messageBody(reply);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.embeds?.[0]?.description).toContain('How many North Korean soldiers were sent to Russia?');
    expect(body.embeds?.[0]?.description).not.toContain(FAKE_APPLICATION_ID);
    expect(body.embeds?.slice(1).every((e) => /\(corpus\/[^,]+, ¶\d+\)/u.test(e.footer?.text ?? ''))).toBe(true);
    expect(h.fake.requests.some((r) => r.method === 'POST' && r.path === `/channels/${FAKE_CHANNEL_ID}/typing`)).toBe(true);
    expect(payloadProblems(body)).toEqual([]);
  });

  test('messages that do not name the bot are never answered', async () => {
    const user = newUser();
    const before = h.fake.requests.length;
    h.fake.dispatchMessage({ author: user, content: 'How many North Korean soldiers were sent to Russia?' });
    h.fake.dispatchMessage({ author: user, content: '@everyone how many soldiers were sent?' });
    // A reply to an answer that pings the bot lists it as mentioned, without naming it.
    h.fake.dispatchMessage({ author: user, content: 'thanks, that settles it', mentionsBot: true, replyTo: '500000000000000001' });
    // A later mention is answered; nothing was sent for the two before it.
    await ask(user, 'Who defected in 2022?');
    const sent = h.fake.requests.slice(before).filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'));
    expect(sent.filter((r) => r.path.endsWith('/messages'))).toHaveLength(1);
  });

  test('when nothing answers, the closest passages wait behind a button, for whoever clicks', async () => {
    const user = newUser();
    const body = messageBody(await ask(user, 'What is the recipe for kimchi?'));
    expect(body.embeds).toHaveLength(1);
    const closest = button(body, 'Closest passages');
    expect(closest).toBeDefined();
    const shown = messageBody(await interact(h.fake, buttonClick(closest?.custom_id as string, newUser())));
    expect(shown.flags).toBe(EPHEMERAL);
    expect(shown.embeds?.[0]?.description).toBe(TRANSPARENCY_HEADING);
    expect(button(shown, 'Post publicly')).toBeDefined();
  });

  test('a bare mention gets the fixed hint', async () => {
    const body = messageBody(await ask(newUser(), ''));
    expect(body.content).toBe(MENTION_HINT);
    expect(body.embeds).toEqual([]);
  });

  test('the /ask cooldown applies: the sixth quick mention gets a ⏳ reaction, not an answer', async () => {
    const user = newUser();
    for (let i = 0; i < 5; i += 1) expect(messageBody(await ask(user, `Who defected in 2022? (${i})`)).embeds?.length).toBeGreaterThan(0);
    const sixth = h.fake.dispatchMessage({ author: user, content: mention('Who defected in 2022? (6)'), mentionsBot: true });
    const reaction = await h.fake.waitForRequest((r) => r.method === 'PUT' && r.path.includes(`/messages/${sixth.id}/reactions/`));
    expect(reaction.path).toBe(`/channels/${FAKE_CHANNEL_ID}/messages/${sixth.id}/reactions/${COOLDOWN_REACTION}/@me`);
    expect(h.fake.requests.some((r) => messageBody(r)?.message_reference?.message_id === sixth.id)).toBe(false);
  });

  test('mentions share the concurrency cap with /ask', async () => {
    const limit = h.bot.ctx.questionLimit;
    let peak = 0;
    const engine = h.bot.ctx.engineSource.current();
    const realAsk = engine.ask.bind(engine);
    const spy = vi.spyOn(engine, 'ask').mockImplementation(async (question, options) => {
      peak = Math.max(peak, limit.active);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return realAsk(question, options);
    });
    await Promise.all(Array.from({ length: 10 }, (_, i) => ask(newUser(), `Who defected in 2022? (${i})`)));
    spy.mockRestore();
    expect(peak).toBe(h.config.maxConcurrentQueries);
  });
});

describe('threads and follow-ups', () => {
  let threadId: string;

  test('"Discuss in a thread" starts a public thread from the answer, named after the question', async () => {
    const user = newUser();
    const answer = messageBody(
      await interact(h.fake, slashCommand('ask', { question: 'How many North Korean soldiers were sent to Russia?' }, user)),
    );
    const discuss = button(answer, 'Discuss in a thread');
    expect(discuss).toBeDefined();
    const click = buttonClick(discuss?.custom_id as string, user) as ReturnType<typeof buttonClick> & { message: { id: string } };
    const notice = messageBody(await interact(h.fake, click));
    threadId = click.message.id;
    const created = await h.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${FAKE_CHANNEL_ID}/messages/${threadId}/threads`,
    );
    expect(created.body).toMatchObject({ name: 'How many North Korean soldiers were sent to Russia?', auto_archive_duration: 1440 });
    expect(h.fake.threads.get(threadId)?.type).toBe(PUBLIC_THREAD);
    expect(notice.flags).toBe(EPHEMERAL);
    expect(notice.content).toBe(`Thread started: <#${threadId}>.`);
    const note = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages`);
    expect(messageBody(note).content).toBe(THREAD_NOTE);

    // A second click points to the same thread instead of failing.
    const again = messageBody(await interact(h.fake, { ...buttonClick(discuss?.custom_id as string, newUser()), message: click.message }));
    expect(again.content).toBe(`This answer already has a thread: <#${threadId}>.`);
  });

  test('"and how many were wounded?" in the thread is answered with the earlier question as context', async () => {
    let reply: RecordedRequest | undefined;
    const asked = await questionsAskedDuring(async () => {
      reply = await ask(newUser(), 'and how many were wounded?', threadId);
    });
    expect(asked).toEqual(['and how many were wounded? How many North Korean soldiers were sent to Russia?']);
    const body = messageBody(reply as RecordedRequest);
    expect(body.embeds?.[0]?.description).toContain('and how many were wounded?');
    expect(body.embeds?.[0]?.description).not.toContain('sent to Russia');
    expect(quoteTexts(body)[0]).toMatch(/wounded North Korean/u);
    // No thread inside a thread.
    expect(button(body, 'Discuss in a thread')).toBeUndefined();
  });

  test("/ask in the thread gets the thread's questions too, the last two of them", async () => {
    const thread = h.fake.threads.get(threadId) as Record<string, unknown>;
    const asked = await questionsAskedDuring(() =>
      interact(h.fake, inThread(slashCommand('ask', { question: 'what happened to them?' }, newUser()), thread)),
    );
    expect(asked).toEqual(['what happened to them? How many North Korean soldiers were sent to Russia? and how many were wounded?']);
  });

  test('a question that names its own subject is asked on its own, even in the thread', async () => {
    const asked = await questionsAskedDuring(() => ask(newUser(), 'What do the tide pools of Marrow Bay hold?', threadId));
    expect(asked).toEqual(['What do the tide pools of Marrow Bay hold?']);
  });

  test("after a restart, the thread's first question is read back from the answer it began with", async () => {
    const user = newUser();
    const question = 'How many North Korean soldiers were sent to Russia?';
    const answer = messageBody(await interact(h.fake, slashCommand('ask', { question }, user)));
    const clicked = buttonClick(button(answer, 'Discuss in a thread')?.custom_id as string, user) as ReturnType<typeof buttonClick> & {
      message: Record<string, unknown>;
    };
    // A message id made now, as Discord's are: discord.js reads a message's time from its id.
    const click = { ...clicked, message: { ...clicked.message, id: String(BigInt(Date.now() - DISCORD_EPOCH) << 22n) } };
    await interact(h.fake, click);
    const restarted = h.bot.ctx.threads;
    h.bot.ctx.threads = createThreadHistories();
    // The starter message, as Discord returns it: the bot's answer with its embeds.
    const starter = {
      ...click.message,
      embeds: answer.embeds,
      author: { id: FAKE_APPLICATION_ID, username: 'Verbatim', discriminator: '0', avatar: null, bot: true },
    };
    h.fake.interceptor = (request, res) => {
      if (request.method !== 'GET' || request.path !== `/channels/${FAKE_CHANNEL_ID}/messages/${click.message.id}`) return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(starter));
      return true;
    };
    try {
      const asked = await questionsAskedDuring(() => ask(newUser(), 'and how many were wounded?', click.message.id));
      expect(asked).toEqual([`and how many were wounded? ${question}`]);
      expect(h.bot.ctx.threads.get(click.message.id)?.[0]?.cited.every((source) => source.startsWith('corpus/'))).toBe(true);
    } finally {
      h.fake.interceptor = undefined;
      h.bot.ctx.threads = restarted;
    }
  });

  test('a thread a member began gives no context and offers no thread', async () => {
    const memberThread = threadChannel('600000000000000006', FAKE_CHANNEL_ID, 'Soldiers', 1440);
    h.fake.dispatchEvent('THREAD_CREATE', { ...memberThread, owner_id: '800000000000000001', newly_created: true });
    let reply: RecordedRequest | undefined;
    const asked = await questionsAskedDuring(async () => {
      reply = await ask(newUser(), 'and how many were wounded?', memberThread.id as string);
    });
    expect(asked).toEqual(['and how many were wounded?']);
    expect(button(messageBody(reply as RecordedRequest), 'Discuss in a thread')).toBeUndefined();
  });

  test('where the server always answers in threads, /ask begins a thread from its answer', async () => {
    h.bot.ctx.answerInThreads = 'all';
    try {
      const question = 'Who defected in 2022 and why?';
      const answer = messageBody(await interact(h.fake, slashCommand('ask', { question }, newUser())));
      expect(button(answer, 'Discuss in a thread')).toBeUndefined();
      const created = await h.fake.waitForRequest(
        (r) => r.method === 'POST' && r.path.endsWith('/threads') && (r.body as { name: string }).name === question,
      );
      expect(created.path).toMatch(new RegExp(`^/channels/${FAKE_CHANNEL_ID}/messages/\\d+/threads$`, 'u'));
    } finally {
      h.bot.ctx.answerInThreads = [];
    }
  });
});

describe('when Discord refuses a thread', () => {
  test('without the permission, the clicker is told which one is missing; an automatic thread only logs it', async () => {
    h.fake.interceptor = (request, res) => {
      if (request.method !== 'POST' || !request.path.endsWith('/threads')) return false;
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Missing Permissions","code":50013}');
      return true;
    };
    try {
      const user = newUser();
      const answer = messageBody(await interact(h.fake, slashCommand('ask', { question: 'Who defected in 2022?' }, user)));
      const notice = messageBody(await interact(h.fake, buttonClick(button(answer, 'Discuss in a thread')?.custom_id as string, user)));
      expect(notice.flags).toBe(EPHEMERAL);
      expect(notice.content).toMatch(/needs the Create Public Threads and Send Messages in Threads permissions/u);

      h.bot.ctx.answerInThreads = 'all';
      const asked = slashCommand('ask', { question: 'Who defected in 2022, and how?' }, user);
      const edit = await interact(h.fake, asked);
      expect(messageBody(edit).embeds?.length).toBeGreaterThan(0);
      await vi.waitFor(() =>
        expect(h.logLines.some((l) => l.includes('Could not start a thread for an answer: Verbatim needs'))).toBe(true),
      );
      // The member saw the answer and nothing else: no error notice followed it.
      expect(h.fake.requestsFor(asked).filter((r) => r.method === 'POST' && !r.path.endsWith('/callback'))).toEqual([]);
    } finally {
      h.fake.interceptor = undefined;
      h.bot.ctx.answerInThreads = [];
    }
  });
});

describe('"Post publicly"', () => {
  test('a "Find in corpus" result is posted once, attributed to the member, pinging no one', async () => {
    const user = newUser();
    const interaction = messageCommand(
      'Find in corpus',
      { content: 'North Korean soldiers were given fake identity documents', authorId: '800000000000000001' },
      user,
    );
    const result = messageBody(await interact(h.fake, interaction));
    const publish = button(result, 'Post publicly');
    expect(publish).toBeDefined();
    const posted = await interact(h.fake, buttonClick(publish?.custom_id as string, user));
    const body = messageBody(posted);
    expect(callbackType(posted)).toBe(4);
    expect(body.flags ?? 0).toBe(0);
    expect(body.content).toBe(`Shared by <@${user.id}>:`);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds).toEqual(result.embeds);
    const again = messageBody(await interact(h.fake, buttonClick(publish?.custom_id as string, user)));
    expect(again.flags).toBe(EPHEMERAL);
    expect(again.content).toBe('You already posted this.');
  });

  test('the closest passages and a "Context" paragraph offer it too', async () => {
    const user = newUser();
    const offTopic = slashCommand('ask', { question: 'What is the recipe for kimchi?' }, user);
    h.fake.dispatch(offTopic);
    const closest = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${offTopic.token}`));
    expect(messageBody(closest).embeds?.[0]?.description).toBe(TRANSPARENCY_HEADING);
    const postClosest = button(messageBody(closest), 'Post publicly');
    const shared = messageBody(await interact(h.fake, buttonClick(postClosest?.custom_id as string, user)));
    expect(shared.embeds?.[0]?.description).toBe(TRANSPARENCY_HEADING);

    const answer = messageBody(await interact(h.fake, slashCommand('ask', { question: 'Who defected in 2022?' }, user)));
    const context = messageBody(await interact(h.fake, buttonClick(button(answer, 'Context 1')?.custom_id as string, user)));
    const postContext = messageBody(await interact(h.fake, buttonClick(button(context, 'Post publicly')?.custom_id as string, user)));
    expect(postContext.embeds).toEqual(context.embeds);
    expect(postContext.content).toBe(`Shared by <@${user.id}>:`);
  });

  test('a public answer does not offer it (it is already public)', async () => {
    const answer = messageBody(await interact(h.fake, slashCommand('ask', { question: 'Who defected in 2022?' }, newUser())));
    expect(button(answer, 'Post publicly')).toBeUndefined();
  });
});
