/**
 * Votes per quote, the moderators' review queue and /calibrate, end to end: the real bot and
 * discord.js client against the fake Discord on 127.0.0.1, the question store a real SQLite
 * file. Labelled sets of 30 are seeded through the store API, each in a server of its own.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MODERATORS_MARK_ONLY } from '../../src/bot/components/reviewMenu.js';
import { NO_LONGER_ON_RECORD } from '../../src/bot/components/voteMenu.js';
import { MANAGE_SERVER_ONLY } from '../../src/bot/permissions.js';
import { FOUND_HEADING } from '../../src/render/terminal.js';
import { questionKey } from '../../src/report/questionKey.js';
import type { CitedQuote } from '../../src/store/questionStore.js';
import { buttonClick, FAKE_GUILD_ID, inGuild, selectMenu, slashCommand, slashSubcommand, type FakeUser } from '../support/fakeDiscord.js';
import { EPHEMERAL, interact, messageBody, newUser, startBotHarness, type BotHarness } from '../support/botHarness.js';

const MODERATORS_CHANNEL_ID = '600000000000000006';
/** Send Messages only: a member, not a moderator. */
const member = (): FakeUser => ({ ...newUser(), permissions: '2048' });
const ANSWERED_QUESTION = 'How many soldiers has North Korea deployed to Russia?';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({}, { MODERATORS_CHANNEL_ID });
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

type Body = ReturnType<typeof messageBody>;
const menus = (body: Body) =>
  (body.components ?? [])
    .flatMap((row) => row.components as unknown as Array<{ custom_id: string; type: number; options?: Array<{ value: string }> }>)
    .filter((c) => c.type === 3);
const contentOf = async (interaction: { id: string; token: string } & Record<string, unknown>) =>
  messageBody(await interact(h.fake, interaction)).content ?? '';

describe('votes and marks become labelled questions', () => {
  let questionId: number;
  let cited: CitedQuote[];
  let voteId: string;

  beforeAll(async () => {
    const answer = messageBody(await interact(h.fake, slashCommand('ask', { question: ANSWERED_QUESTION }, newUser())));
    const [menu] = menus(answer);
    voteId = menu?.custom_id ?? '';
    questionId = Number(voteId.split(':')[1]);
    cited = (await h.bot.ctx.store.question(questionId))?.cited ?? [];
  });

  test('the answer carries one menu: a 👍 option per quote shown and 👎 none, inside five rows', async () => {
    const answer = messageBody(await interact(h.fake, slashCommand('ask', { question: ANSWERED_QUESTION }, newUser())));
    const [menu] = menus(answer);
    expect(menu?.custom_id).toMatch(/^vote:\d+$/u);
    expect(menu?.options?.map((o) => o.value)).toEqual([...(answer.embeds ?? []).slice(1).map((_, rank) => String(rank)), 'none']);
    expect(answer.components?.length).toBeLessThanOrEqual(5);
  });

  test("a member's vote names the quote that answers; a changed vote replaces it", async () => {
    expect(cited.length).toBeGreaterThanOrEqual(2);
    const voter = newUser();
    expect(await contentOf(selectMenu(voteId, ['1'], voter))).toMatch(/^Thanks: your 👍 on quote 2 is recorded\./u);
    const labelled = async () => (await h.bot.ctx.store.labelledQuestions(FAKE_GUILD_ID)).filter((l) => l.questionId === questionId);
    const second = cited[1] as CitedQuote;
    expect(await labelled()).toEqual([
      { questionId, question: ANSWERED_QUESTION, answer: { source: second.source, start: second.start, end: second.end }, by: 'members' },
    ]);
    expect(await contentOf(selectMenu(voteId, ['none'], voter))).toMatch(/^Your vote is now 👎/u);
    expect(await labelled()).toEqual([expect.objectContaining({ answer: null, by: 'members' })]);
    // Another server sees none of it.
    expect(await h.bot.ctx.store.labelledQuestions('300000000000000077')).toEqual([]);
  });

  test('a vote forged from another server (the same menu id) is refused and changes nothing', async () => {
    const labelled = async () => (await h.bot.ctx.store.labelledQuestions(FAKE_GUILD_ID)).filter((l) => l.questionId === questionId);
    const before = await labelled();
    const refused = messageBody(await interact(h.fake, inGuild(selectMenu(voteId, ['0'], newUser()), '300000000000000078')));
    expect(refused).toMatchObject({ content: NO_LONGER_ON_RECORD, flags: EPHEMERAL });
    expect(await labelled()).toEqual(before);
  });

  test("a moderator's mark from the review queue outranks members' votes; a member cannot mark", async () => {
    const voter = newUser();
    const offer = messageBody(await interact(h.fake, selectMenu(voteId, ['none'], voter)));
    const sendId = (offer.components ?? [])[0]?.components[0]?.custom_id as string;
    await interact(h.fake, buttonClick(sendId, voter));
    const post = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${MODERATORS_CHANNEL_ID}/messages`);
    const [review] = menus(post.body as Body);
    expect(review?.custom_id).toBe(`mark:${questionId}`);
    expect(review?.options?.map((o) => o.value)).toEqual([...cited.map((_, rank) => String(rank)), 'none']);

    const refused = messageBody(await interact(h.fake, selectMenu(review?.custom_id as string, ['0'], member())));
    expect(refused).toMatchObject({ content: MODERATORS_MARK_ONLY, flags: EPHEMERAL });
    // Two members said none answers; the moderator says the first quote does.
    expect(await contentOf(selectMenu(review?.custom_id as string, ['0'], newUser()))).toMatch(/^Marked: quote 1 answers/u);
    const first = cited[0] as CitedQuote;
    expect((await h.bot.ctx.store.labelledQuestions(FAKE_GUILD_ID)).filter((l) => l.questionId === questionId)).toEqual([
      { questionId, question: ANSWERED_QUESTION, answer: { source: first.source, start: first.start, end: first.end }, by: 'moderator' },
    ]);
  });
});

describe('/calibrate', () => {
  const CALIBRATED_GUILD = '300000000000000031';
  const SMALL_GUILD = '300000000000000029';
  /**
   * Labelled questions a moderator marked, `wrong` of them with a passage the engine never
   * ranks first (an article not in the corpus), the rest "the corpus does not answer this".
   */
  const seedLabels = async (guildId: string, wrong: number, unanswerable: number) => {
    const store = h.bot.ctx.store;
    for (let i = 0; i < wrong + unanswerable; i += 1) {
      const question = `What did the soldiers deployed to Russia do in week ${i + 1}?`;
      const quote: CitedQuote = {
        source: 'corpus/not-in-the-corpus.md',
        title: 'Elsewhere',
        paragraph: 1,
        start: 0,
        end: 20,
        text: 'A passage elsewhere.',
        highlight: null,
        answerProbability: 0.5,
        answers: true,
      };
      const id = await store.recordQuestion({
        guildId,
        channelId: null,
        askedAt: Date.now(),
        askerHash: 'asker',
        question,
        questionKey: questionKey(question),
        answered: true,
        confidence: 0.5,
        topScore: 0.5,
        cited: [quote],
      });
      await store.markByModerator(id, 'moderator', i < wrong ? 0 : null, Date.now());
    }
  };
  const askIn = async (guildId: string) =>
    messageBody(await interact(h.fake, inGuild(slashCommand('ask', { question: ANSWERED_QUESTION }, newUser()), guildId))).embeds?.[0]
      ?.title;

  test('a member without Manage Server cannot apply', async () => {
    await seedLabels(CALIBRATED_GUILD, 25, 5);
    const reply = messageBody(await interact(h.fake, inGuild(slashSubcommand('calibrate', 'apply', {}, member()), CALIBRATED_GUILD)));
    expect(reply).toMatchObject({ content: MANAGE_SERVER_ONLY, flags: EPHEMERAL });
    expect(await h.bot.ctx.store.serverLevels(CALIBRATED_GUILD)).toBeNull();
  });

  test('fewer than 30 labelled questions is refused with the count', async () => {
    await seedLabels(SMALL_GUILD, 20, 9);
    const content = await contentOf(inGuild(slashSubcommand('calibrate', 'apply', {}, newUser()), SMALL_GUILD));
    expect(content).toMatch(
      /^Nothing applied\. This server has 29 labelled questions \(20 answerable, 9 not\); a level is fitted from at least 30/u,
    );
    expect(await h.bot.ctx.store.serverLevels(SMALL_GUILD)).toBeNull();
  });

  test("status tells the count and both levels' figures; apply changes that server's answers only; restore undoes it", async () => {
    const indexLevels = h.bot.ctx.engineSource.current().levels;
    expect(await askIn(CALIBRATED_GUILD)).toBe(FOUND_HEADING);
    const status = await contentOf(inGuild(slashSubcommand('calibrate', 'status', {}, newUser()), CALIBRATED_GUILD));
    expect(status).toMatch(
      /^Labelled questions: 30 \(25 answerable, 5 not\)\.\nNow \(the index's levels\): .+\nFitted on them: answer level \d\.\d\d/u,
    );

    // No answer of the labelled set is ever right, so the fitted level answers nothing.
    expect(await contentOf(inGuild(slashSubcommand('calibrate', 'apply', {}, newUser()), CALIBRATED_GUILD))).toMatch(
      /^Applied to this server's questions only/u,
    );
    expect(await askIn(CALIBRATED_GUILD)).not.toBe(FOUND_HEADING);
    expect(await askIn(FAKE_GUILD_ID)).toBe(FOUND_HEADING);
    expect(await askIn(SMALL_GUILD)).toBe(FOUND_HEADING);
    expect(h.bot.ctx.engineSource.current().levels).toEqual(indexLevels);

    expect(await contentOf(inGuild(slashSubcommand('calibrate', 'restore', {}, newUser()), CALIBRATED_GUILD))).toMatch(/^Restored/u);
    expect(await askIn(CALIBRATED_GUILD)).toBe(FOUND_HEADING);
  });
});
