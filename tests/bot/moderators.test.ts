/**
 * The moderators' features end to end: the real bot and discord.js client against the fake
 * Discord on 127.0.0.1, with the question store a real SQLite file in the test's temporary
 * folder. Votes and "Send to moderators", /report on a seeded history (embed, CSV, PNG),
 * /corpus add, remove and status, refused uploads, queued changes and permissions.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CORPUS_CHANGES_OFF, QUEUED_NOTICE } from '../../src/bot/commands/corpus.js';
import { registerCommands } from '../../src/bot/registerCommands.js';
import { NO_LONGER_ON_RECORD } from '../../src/bot/components/voteMenu.js';
import { MANAGE_SERVER_ONLY } from '../../src/bot/permissions.js';
import { SAVED_URLS_FILE } from '../../src/corpus/savedUrls.js';
import { JOURNAL_FILE } from '../../src/corpusAdmin/changeJournal.js';
import { REMOVED_FOLDER } from '../../src/corpusAdmin/corpusChanges.js';
import { serverCorpusChanges } from '../../src/corpusAdmin/serverCorpusChanges.js';
import { serverCorpusOf } from '../../src/answer/serverEngines.js';
import { REPORT_CHART_FILE, REPORT_CSV_FILE } from '../../src/render/reportEmbed.js';
import { VOTED_DOWN_HEADING } from '../../src/render/votedDownEmbeds.js';
import { FOUND_HEADING } from '../../src/render/terminal.js';
import { CSV_COLUMNS } from '../../src/report/reportCsv.js';
import { questionKey } from '../../src/report/questionKey.js';
import { DAY_MS, type CitedQuote, type QuestionRecord } from '../../src/store/questionStore.js';
import { LOCK_FILE } from '../../src/index/ingestLock.js';
import { readManifest } from '../../src/index/manifest.js';
import { DATABASE_FILE } from '../../src/store/sqliteQuestionStore.js';
import {
  buttonClick,
  FAKE_APPLICATION_ID,
  selectMenu,
  FAKE_CHANNEL_ID,
  FAKE_GUILD_ID,
  slashCommand,
  slashSubcommand,
  type FakeUser,
  type RecordedRequest,
  type UploadedFile,
} from '../support/fakeDiscord.js';
import {
  callbackType,
  EPHEMERAL,
  interact,
  isCallback,
  messageBody,
  newUser,
  startBotHarness,
  type BotHarness,
} from '../support/botHarness.js';
import { emptyParagraphsDocx } from '../support/emptyParagraphsDocx.js';

const MODERATORS_CHANNEL_ID = '600000000000000006';
/** Send Messages only: a member, not a moderator. */
const member = (): FakeUser => ({ ...newUser(), permissions: '2048' });

let h: BotHarness;
beforeAll(async () => {
  // The fake Discord (and so every page a test serves) is on 127.0.0.1.
  h = await startBotHarness({}, { MODERATORS_CHANNEL_ID, ALLOW_PRIVATE_URLS: 'true', CORPUS_CHANGES_FROM_DISCORD: 'on' });
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const database = () => new Database(path.join(h.config.dataDir, DATABASE_FILE), { readonly: true });
const customIds = (body: ReturnType<typeof messageBody>) =>
  (body.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id));
const filesOf = (r: RecordedRequest) => (r.body as { files?: UploadedFile[] }).files ?? [];

test('/report and /corpus are registered for Manage Server only, in servers only', async () => {
  await registerCommands({ ...h.config, discordGuildId: FAKE_GUILD_ID });
  const put = await h.fake.waitForRequest((r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${FAKE_GUILD_ID}/commands`));
  const byName = new Map(
    (put.body as Array<{ name: string; default_member_permissions?: string; contexts?: number[] }>).map((c) => [c.name, c]),
  );
  for (const name of ['report', 'corpus', 'calibrate'])
    expect(byName.get(name)).toMatchObject({ default_member_permissions: '32', contexts: [0] });
  expect(byName.get('ask')?.default_member_permissions).toBeUndefined();
});

describe('feedback on answers', () => {
  let answer: ReturnType<typeof messageBody>;
  let answerInteraction: { id: string; token: string };
  let voteMenuId: string;
  const voteUp = (user: FakeUser, flags?: number) => selectMenu(voteMenuId, ['0'], user, flags);
  const voteDown = (user: FakeUser, flags?: number) => selectMenu(voteMenuId, ['none'], user, flags);

  test('an answer carries the vote menu under its other buttons, and the question is recorded with what it cited', async () => {
    answerInteraction = slashCommand('ask', { question: 'What happened to North Korean soldiers in Kursk?' }, newUser());
    answer = messageBody(await interact(h.fake, answerInteraction));
    voteMenuId = customIds(answer).find((id) => /^vote:\d+$/u.test(id)) as string;
    expect(voteMenuId).toBeDefined();
    const questionId = Number(voteMenuId.split(':')[1]);
    const db = database();
    const row = db.prepare('SELECT guild_id, question, answered, asker_hash FROM questions WHERE id = ?').get(questionId) as Record<
      string,
      unknown
    >;
    const cited = db.prepare('SELECT source FROM citations WHERE question_id = ? ORDER BY rank').all(questionId) as Array<{
      source: string;
    }>;
    db.close();
    const answered = answer.embeds?.[0]?.title === FOUND_HEADING ? 1 : 0;
    expect(row).toMatchObject({ guild_id: FAKE_GUILD_ID, question: 'What happened to North Korean soldiers in Kursk?', answered });
    const footers = (answer.embeds ?? []).slice(1).map((e) => e.footer?.text ?? '');
    expect(cited.length).toBe(footers.length);
    cited.forEach((c, i) => expect(footers[i]).toContain(c.source));
  });

  test('a vote, then a changed vote: one row per member, acknowledged only to them, the answer itself untouched', async () => {
    const voter = newUser();
    const first = await interact(h.fake, voteUp(voter));
    expect(callbackType(first)).toBe(4);
    expect(messageBody(first).flags).toBe(EPHEMERAL);
    expect(messageBody(first).content).toMatch(/^Thanks: your 👍 on quote 1 is recorded\./u);
    const changed = await interact(h.fake, voteDown(voter));
    expect(messageBody(changed).content).toMatch(/^Your vote is now 👎 \(none of these answers\)\./u);
    expect(customIds(messageBody(changed))).toEqual([expect.stringMatching(/^tomods:\d+:\d+$/u)]);
    const again = await interact(h.fake, voteDown(voter));
    expect(messageBody(again).content).toMatch(/^You already voted 👎/u);

    const db = database();
    const votes = db.prepare('SELECT voter_hash, vote FROM votes WHERE question_id = ?').all(Number(voteMenuId.split(':')[1])) as Array<{
      voter_hash: string;
      vote: number;
    }>;
    db.close();
    expect(votes).toHaveLength(1);
    expect(votes[0]?.vote).toBe(-1);
    expect(votes[0]?.voter_hash).not.toContain(voter.id);
    // Counts are never shown: nothing edited the public answer after it was sent.
    expect(h.fake.requestsFor(answerInteraction).filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  test('"Send to moderators" posts the question and the cited passages in the moderators\' channel, once, pinging nobody', async () => {
    const voter = newUser();
    const offer = messageBody(await interact(h.fake, voteDown(voter)));
    const [sendId] = customIds(offer);
    const click = buttonClick(sendId as string, voter);
    const sent = await interact(h.fake, click);
    expect(messageBody(sent).content).toMatch(/^Sent to the moderators/u);
    // Acknowledged at once, privately, before the two calls to Discord.
    const [first] = h.fake.requestsFor(click);
    expect(first && [callbackType(first), messageBody(first).flags]).toEqual([5, EPHEMERAL]);
    const post = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${MODERATORS_CHANNEL_ID}/messages`);
    const body = post.body as {
      embeds: Array<{ title?: string; description?: string; footer?: { text: string } }>;
      allowed_mentions: unknown;
      content?: string;
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]?.title).toBe(VOTED_DOWN_HEADING);
    expect(body.embeds[0]?.description).toContain('What happened to North Korean soldiers in Kursk?');
    expect(body.embeds[0]?.description).toMatch(
      new RegExp(`\\[The answer in the channel\\]\\(https://discord\\.com/channels/${FAKE_GUILD_ID}/${FAKE_CHANNEL_ID}/\\d+\\)`, 'u'),
    );
    expect(body.embeds.slice(1).map((e) => e.footer?.text)).toEqual((answer.embeds ?? []).slice(1).map((e) => e.footer?.text));
    expect(JSON.stringify(body)).not.toContain(voter.id);

    const twice = await interact(h.fake, buttonClick(sendId as string, voter));
    expect(messageBody(twice).content).toMatch(/already sent/u);
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'))).toHaveLength(1);
  });

  test('when the post to the moderators fails, the member is told privately and can send again', async () => {
    const voter = newUser();
    const [sendId] = customIds(messageBody(await interact(h.fake, voteDown(voter))));
    const toModerators = (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${MODERATORS_CHANNEL_ID}/messages`;
    h.fake.interceptor = (r, res) => {
      if (!toModerators(r)) return false;
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Missing Permissions', code: 50013 }));
      return true;
    };
    try {
      const failed = await interact(h.fake, buttonClick(sendId as string, voter));
      expect(messageBody(failed).content).toMatch(/error id `[0-9a-f]{8}`/u);
    } finally {
      h.fake.interceptor = undefined;
    }
    const posts = h.fake.requests.filter(toModerators).length;
    expect(messageBody(await interact(h.fake, buttonClick(sendId as string, voter))).content).toMatch(/^Sent to the moderators/u);
    expect(h.fake.requests.filter(toModerators)).toHaveLength(posts + 1);
  });

  test('a question asked by mention is recorded too, and its reply carries the vote menu', async () => {
    const question = 'What happened to North Korean soldiers in Kursk, by mention?';
    const sent = h.fake.dispatchMessage({
      author: newUser(),
      content: `<@${FAKE_APPLICATION_ID}> ${question}`,
      channelId: FAKE_CHANNEL_ID,
      mentionsBot: true,
    });
    const reply = await h.fake.waitForRequest((r) => r.method === 'POST' && messageBody(r)?.message_reference?.message_id === sent.id);
    const vote = customIds(messageBody(reply)).find((id) => /^vote:\d+$/u.test(id)) as string;
    expect(vote).toBeDefined();
    const db = database();
    const row = db.prepare('SELECT question, channel_id FROM questions WHERE id = ?').get(Number(vote.split(':')[1]));
    db.close();
    expect(row).toEqual({ question, channel_id: FAKE_CHANNEL_ID });
  });

  test('a private answer is sent without a link, since the moderators could not open it', async () => {
    const voter = newUser();
    const [sendId] = customIds(messageBody(await interact(h.fake, voteDown(voter, EPHEMERAL))));
    expect(sendId).toMatch(/:private$/u);
    await interact(h.fake, buttonClick(sendId as string, voter));
    const posts = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${MODERATORS_CHANNEL_ID}/messages`);
    const description = (posts.at(-1)?.body as { embeds: Array<{ description: string }> }).embeds[0]?.description;
    expect(description).not.toContain('https://');
  });

  test('a vote on a question no longer on record is explained privately', async () => {
    const reply = await interact(h.fake, buttonClick('vote:987654321:up', newUser()));
    expect(messageBody(reply).content).toBe(NO_LONGER_ON_RECORD);
    expect(messageBody(reply).flags).toBe(EPHEMERAL);
  });
});

describe('/report', () => {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const dayOf = (daysAgo: number) => new Date(today - daysAgo * DAY_MS).toISOString().slice(0, 10);
  const cite = (source: string, paragraph: number): CitedQuote => ({
    source,
    title: `Title of ${source}`,
    paragraph,
    start: 0,
    end: 10,
    text: 'Quoted text',
    highlight: null,
    answerProbability: 0.9,
    answers: true,
  });
  const seed = (question: string, daysAgo: number, asker: string, cited: CitedQuote[], guildId = FAKE_GUILD_ID): Promise<number> => {
    const record: QuestionRecord = {
      guildId,
      channelId: '400000000000000004',
      // The start of today is always inside the window; earlier days at 01:00.
      askedAt: today - daysAgo * DAY_MS + (daysAgo === 0 ? 0 : 3_600_000),
      askerHash: asker,
      question,
      questionKey: questionKey(question),
      answered: cited.length > 0,
      confidence: null,
      topScore: 0.5,
      cited,
    };
    return h.bot.ctx.store.recordQuestion(record);
  };

  beforeAll(async () => {
    await h.bot.ctx.store.purgeBefore(Date.now() + DAY_MS);
    await seed('What is the recipe for kimchi?', 0, 'asker-1', []);
    await seed('kimchi recipe — what is it?', 1, 'asker-2', []);
    await seed('Recipe for kimchi?', 2, 'asker-1', []);
    await seed('Who won the 1998 chess olympiad?', 0, 'asker-3', []);
    await seed('=HYPERLINK("http://evil.example") who, exactly?', 2, 'asker-3', []);
    const downvoted = await seed('How many soldiers were sent?', 0, 'asker-4', [cite('corpus/a.md', 1), cite('corpus/b.md', 2)]);
    await seed('Where did they fight?', 1, 'asker-5', [cite('corpus/a.md', 3)]);
    await seed('Who commanded them?', 3, 'asker-5', [cite('corpus/a.md', 1)]);
    await seed('When did they arrive?', 6, 'asker-6', [cite('corpus/c.md', 4)]);
    // Outside the window, and another server's: in neither list nor count.
    await seed('An ancient unanswered question about kimchi recipes', 10, 'asker-7', []);
    await seed('What is the recipe for kimchi?', 0, 'asker-8', [], '300000000000000099');
    await h.bot.ctx.store.recordVote(downvoted, 'voter-1', 'down', Date.now());
    await h.bot.ctx.store.recordVote(downvoted, 'voter-2', 'down', Date.now());
    await h.bot.ctx.store.recordVote(downvoted, 'voter-3', 'up', Date.now());
  });

  let final: RecordedRequest;

  test('the embed gives the figures of the seeded history, privately', async () => {
    const interaction = slashCommand('report', { days: 7 }, newUser());
    final = await interact(h.fake, interaction);
    const [first] = h.fake.requestsFor(interaction);
    expect(first && messageBody(first).flags).toBe(EPHEMERAL);
    const embed = messageBody(final).embeds?.[0];
    expect(embed?.title).toBe('Verbatim report: the last 7 days');
    expect(embed?.description).toBe('9 questions: 4 answered, 5 not answered (56% not answered). The CSV holds the full lists.');
    const [unanswered, downvoted, cited] = embed?.fields ?? [];
    expect(unanswered?.value.split('\n')).toEqual([
      '1. “What is the recipe for kimchi?” — asked 3 times by 2 members',
      '2. “Who won the 1998 chess olympiad?” — asked 1 time by 1 member',
      '3. “=HYPERLINK("http://evil.example") who, exactly?” — asked 1 time by 1 member',
    ]);
    expect(downvoted?.value).toBe('1. “How many soldiers were sent?” — 👎 2 · 👍 1 — `corpus/a.md` ¶1, `corpus/b.md` ¶2');
    expect(cited?.value.split('\n')).toEqual([
      '1. Title of corpus/a.md (`corpus/a.md`) — 3 answers',
      '2. Title of corpus/b.md (`corpus/b.md`) — 1 answer',
      '3. Title of corpus/c.md (`corpus/c.md`) — 1 answer',
    ]);
    expect(embed?.image?.url).toBe(`attachment://${REPORT_CHART_FILE}`);
  });

  test('the CSV holds every list and every day, with formula-like text defused', () => {
    const csv = filesOf(final).find((f) => f.name === REPORT_CSV_FILE);
    expect(csv).toBeDefined();
    const lines = String(csv?.data).trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    const rows = lines.slice(1);
    expect(rows.filter((r) => r.startsWith('unanswered,'))).toEqual([
      'unanswered,,What is the recipe for kimchi?,3,2,,,,,,,',
      'unanswered,,Who won the 1998 chess olympiad?,1,1,,,,,,,',
      `unanswered,,"'=HYPERLINK(""http://evil.example"") who, exactly?",1,1,,,,,,,`,
    ]);
    expect(rows.filter((r) => r.startsWith('voted down,'))).toEqual([
      `voted down,${dayOf(0)},How many soldiers were sent?,,,,,2,1,Title of corpus/a.md,corpus/a.md,1`,
      `voted down,${dayOf(0)},How many soldiers were sent?,,,,,2,1,Title of corpus/b.md,corpus/b.md,2`,
    ]);
    expect(rows.filter((r) => r.startsWith('most cited,'))).toEqual([
      'most cited,,,,,3,,,,Title of corpus/a.md,corpus/a.md,',
      'most cited,,,,,1,,,,Title of corpus/b.md,corpus/b.md,',
      'most cited,,,,,1,,,,Title of corpus/c.md,corpus/c.md,',
    ]);
    const perDay = [6, 5, 4, 3, 2, 1, 0].map(
      (d) => `per day,${dayOf(d)},,,,${[1, 0, 0, 1, 0, 1, 1][6 - d]},${[0, 0, 0, 0, 2, 1, 2][6 - d]},,,,,`,
    );
    expect(rows.filter((r) => r.startsWith('per day,'))).toEqual(perDay);
  });

  test('the chart is a PNG drawn headless', () => {
    const png = filesOf(final).find((f) => f.name === REPORT_CHART_FILE);
    expect(png?.data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const width = png?.data.readUInt32BE(16) ?? 0;
    const height = png?.data.readUInt32BE(20) ?? 0;
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(200);
  });

  test('a member without Manage Server is refused, privately, before any work', async () => {
    const interaction = slashCommand('report', {}, member());
    const reply = await interact(h.fake, interaction);
    expect(callbackType(reply)).toBe(4);
    expect(messageBody(reply)).toMatchObject({ content: MANAGE_SERVER_ONLY, flags: EPHEMERAL });
    expect(h.fake.requestsFor(interaction)).toHaveLength(1);
  });
});

describe('/corpus', () => {
  /** The server's own corpus and index, where its moderators' changes go. */
  const own = () => serverCorpusOf(h.config.dataDir, FAKE_GUILD_ID);
  const served = () => h.bot.ctx.engineSource.forServer(FAKE_GUILD_ID);
  const ownArticles = async () => (await served()).listArticles().filter((a) => a.source.startsWith('server:'));
  const tidePools =
    'Tide Pools of Marrow Bay\n\nThe tide pools of Marrow Bay hold seventeen species of anemone, counted by volunteers in 2023.\n';
  const corpusFiles = () => readdirSync(own().corpusDir);
  const add = (filename: string, bytes: Buffer, user: FakeUser = newUser(), size?: number) => {
    const attachment = h.fake.hostAttachment(filename, bytes);
    return slashSubcommand('corpus', 'add', { file: size === undefined ? attachment : { ...attachment, size } }, user);
  };
  const contentOf = async (interaction: { id: string; token: string } & Record<string, unknown>) =>
    messageBody(await interact(h.fake, interaction)).content ?? '';

  test('add: the attached article is saved, ingested and quoted, while the index in service kept answering', async () => {
    const articlesBefore = (await ownArticles()).length;
    const generationBefore = (await readManifest(own().indexDir))?.generation ?? 0;
    const servedBefore = (await served()).stats.generation;
    const adding = add('Tide Pools.md', Buffer.from(tidePools));
    h.fake.dispatch(adding);
    // Asked while the article is being ingested: answered from the index in service.
    const meanwhile = messageBody(await interact(h.fake, slashCommand('ask', { question: 'Who defected in 2022?' }, newUser())));
    expect(meanwhile.embeds?.length).toBeGreaterThan(0);
    const reply = await h.fake.waitForRequest(
      (r) => r.path.includes(adding.token) && r.method === 'PATCH' && /^Added/u.test(messageBody(r).content ?? ''),
      30_000,
    );
    expect(messageBody(reply).content).toMatch(
      /^Added “Tide Pools of Marrow Bay” \(`corpus\/Tide-Pools\.md`\): \d+ passages\. Answers use the new index from now on\.$/u,
    );
    expect(readFileSync(path.join(own().corpusDir, 'Tide-Pools.md'), 'utf8')).toBe(tidePools);
    expect((await ownArticles()).length).toBe(articlesBefore + 1);
    // One change, one generation of the server's index (one reload), holding the passages and the levels measured on them.
    const manifest = await readManifest(own().indexDir);
    expect(manifest?.generation).toBe(generationBefore + 1);
    expect(manifest?.calibration?.source).toBe('probes');
    expect((await served()).stats.generation).toBe(servedBefore + 1);
    const answer = messageBody(
      await interact(
        h.fake,
        slashCommand('ask', { question: 'How many species of anemone live in the tide pools of Marrow Bay?' }, newUser()),
      ),
    );
    expect(answer.embeds?.[1]?.footer?.text).toContain('server:corpus/Tide-Pools.md');
  });

  test('a name of 90 CJK characters (270 bytes) is saved cut to at most 200 bytes, between characters, and added', async () => {
    const name = `${'潮'.repeat(90)}.md`;
    const content = await contentOf(add(name, Buffer.from('潮汐池\n\nThe tide tables of Marrow Bay were first printed in 1888.\n')));
    expect(content).toMatch(/^Added “.+” \(`corpus\/潮+\.md`\): \d+ passages/u);
    const saved = corpusFiles().find((f) => f.startsWith('潮'));
    expect(saved).toBe(`${'潮'.repeat(65)}.md`);
  });

  test('refused uploads get a clear private reply and leave the corpus folder as it was', async () => {
    const before = corpusFiles();
    const existingName = before.find((f) => f.endsWith('.txt') || f.endsWith('.md')) as string;
    const existing = readFileSync(path.join(own().corpusDir, existingName));
    const refusals: Array<[string, Buffer, number | undefined, RegExp]> = [
      ['notes.exe', Buffer.from('MZ'), undefined, /not an article file Verbatim reads \(\.exe\)/u],
      ['huge.txt', Buffer.from('small, but Discord says otherwise'), 6 * 1048576, /That file is 6\.0 MB; the limit is 5\.0 MB\./u],
      ['latin1.txt', Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x63, 0x72, 0xe8, 0x6d, 0x65, 0x0a]), undefined, /not valid UTF-8/u],
      [
        'unicode.txt',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Saved as "Unicode".\n', 'utf16le')]),
        undefined,
        /That file cannot be added: UTF-16 text, not UTF-8 \(re-save it as UTF-8\)\./u,
      ],
      // About 100 MB of XML in a few hundred KB: it once took the bot's own process out of memory.
      [
        'bomb.docx',
        Buffer.from(emptyParagraphsDocx(3_000_000)),
        undefined,
        /That file cannot be added: too large to convert \(its XML unpacks to 94\.4 MB; the limit is 16\.0 MB\)\./u,
      ],
      [`copy-of-an-article${path.extname(existingName)}`, existing, undefined, /already in the corpus, as “.+” \(corpus\/.+\)/u],
      [
        'Tide Pools.md',
        Buffer.from(`${tidePools}\nA second paragraph makes it new text.\n`),
        undefined,
        /already has a file named Tide-Pools\.md/u,
      ],
      [
        'README.md',
        Buffer.from('Read Me\n\nThe harbour guide lists the ferries to Corran Point.\n'),
        undefined,
        /^That could not be added: files named README…, LICENSE… or starting with a dot .+; rename the file/u,
      ],
      [
        'LICENSE.txt',
        Buffer.from('Licence\n\nThe harbour guide may be copied freely for any purpose.\n'),
        undefined,
        /^That could not be added: files named README…/u,
      ],
    ];
    for (const [filename, bytes, size, expected] of refusals) {
      const interaction = add(filename, bytes, newUser(), size);
      const final = await interact(h.fake, interaction);
      expect(messageBody(final).content, filename).toMatch(expected);
      expect(messageBody(final).flags ?? EPHEMERAL).toBe(EPHEMERAL);
    }
    // Type and size are refused before anything is downloaded.
    expect(h.fake.requests.some((r) => /notes\.exe|huge\.txt/u.test(r.path))).toBe(false);
    expect(corpusFiles()).toEqual(before);
  });

  test('add by url: the page is fetched into the corpus, converted and quoted; a bad address is refused', async () => {
    const paragraphs = [
      'Forty-two harbour seals were counted on the rocks of Corran Point in the spring of 2024 by the island wardens.',
      'The wardens count the seals every April from the old signal station, using the same three vantage points each year.',
      'Pups are born on the outer skerries in June, where the colony is least disturbed by boats and walkers.',
    ];
    const page = `<!doctype html><html><head><title>Harbour Seals of Corran Point</title></head><body><article><h1>Harbour Seals of Corran Point</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const { url } = h.fake.hostAttachment('seals.html', Buffer.from(page), 'text/html; charset=utf-8');
    const content = await contentOf(slashSubcommand('corpus', 'add', { url }, newUser()));
    expect(content).toMatch(/^Added “Harbour Seals of Corran Point” \(`corpus\/web\/127\.0\.0\.1\/[^`]+\.html`\): \d+ passages\./u);
    const answer = messageBody(
      await interact(
        h.fake,
        slashCommand('ask', { question: 'How many harbour seals were counted on the rocks of Corran Point?' }, newUser()),
      ),
    );
    expect(JSON.stringify(answer.embeds)).toContain('Forty-two harbour seals');
    expect(await contentOf(slashSubcommand('corpus', 'add', { url: 'ftp://example.org/article.txt' }, newUser()))).toMatch(
      /only http and https/u,
    );
    expect(await contentOf(slashSubcommand('corpus', 'add', {}, newUser()))).toBe('Attach a file or give a url: one of the two.');
    expect(
      await contentOf(
        slashSubcommand('corpus', 'add', { url, file: h.fake.hostAttachment('x.txt', Buffer.from('X\n\nText.\n')) }, newUser()),
      ),
    ).toBe('Attach a file or give a url: one of the two.');
    expect(await contentOf(slashSubcommand('corpus', 'add', { url }, newUser()))).toMatch(
      /^That address is already in the corpus, as web\/127\.0\.0\.1\/.+\.html: remove it first/u,
    );
  });

  test('a url add that is refused or undone leaves the sources file as it was; a broken percent-escape is refused with a reason', async () => {
    const page = Buffer.from(
      '<!doctype html><html><head><title>Lobster Pots of Corran Point</title></head><body><article><h1>Lobster ' +
        'Pots of Corran Point</h1><p>Thirty lobster pots are set off Corran Point each ' +
        'morning from May to September by the two village boats.</p></article></body></html>',
    );
    const first = h.fake.hostAttachment('lobster-pots.html', page, 'text/html; charset=utf-8');
    expect(await contentOf(slashSubcommand('corpus', 'add', { url: first.url }, newUser()))).toMatch(
      /^Added “Lobster Pots of Corran Point”/u,
    );
    const sourcesFile = path.join(own().corpusDir, SAVED_URLS_FILE);
    const sources = readFileSync(sourcesFile, 'utf8');
    const webFiles = () => readdirSync(path.join(own().corpusDir, 'web'), { recursive: true }).sort();
    const filesBefore = webFiles();

    // The same page under another address: fetched, then skipped by the ingest as a duplicate.
    const copy = h.fake.hostAttachment('lobster-pots-copy.html', page, 'text/html; charset=utf-8');
    expect(await contentOf(slashSubcommand('corpus', 'add', { url: copy.url }, newUser()))).toMatch(
      /^That could not be added: duplicate of /u,
    );
    // Fetched, then undone because another ingest holds the index.
    const lock = path.join(own().indexDir, LOCK_FILE);
    await writeFile(lock, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    try {
      const busy = h.fake.hostAttachment(
        'busy-harbour.html',
        Buffer.from(String(page).replaceAll('Lobster', 'Crab')),
        'text/html; charset=utf-8',
      );
      expect(await contentOf(slashSubcommand('corpus', 'add', { url: busy.url }, newUser()))).toMatch(
        /^The index could not be updated just now/u,
      );
    } finally {
      await rm(lock, { force: true });
    }
    expect(readFileSync(sourcesFile, 'utf8')).toBe(sources);
    expect(webFiles()).toEqual(filesBefore);

    expect(await contentOf(slashSubcommand('corpus', 'add', { url: `${first.url}%E9` }, newUser()))).toBe(
      'That address has a broken percent-escape (a % not followed by two hex ' +
        'digits, or bytes that are not UTF-8); copy the whole address again.',
    );
  });

  test('while another ingest holds the index, an add is undone and refused without naming server paths', async () => {
    const before = corpusFiles();
    const lock = path.join(own().indexDir, LOCK_FILE);
    await writeFile(lock, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    try {
      const content = await contentOf(
        add('busy-day.txt', Buffer.from('A Busy Day\n\nThe harbour master logged forty boats on the busiest day of 2023.\n')),
      );
      expect(content).toMatch(/^The index could not be updated just now/u);
      expect(content).not.toContain(own().indexDir);
    } finally {
      await rm(lock, { force: true });
    }
    expect(corpusFiles()).toEqual(before);
  });

  test('concurrent adds queue: the later one says so, then both are added', async () => {
    const first = add(
      'first-lighthouse.txt',
      Buffer.from('The First Lighthouse\n\nThe first lighthouse on Corran Point was lit in 1841 with whale oil.\n'),
    );
    const second = add(
      'second-lighthouse.txt',
      Buffer.from('The Second Lighthouse\n\nThe second lighthouse on Corran Point used a paraffin lamp from 1872.\n'),
    );
    h.fake.dispatch(first);
    h.fake.dispatch(second);
    const done = (interaction: { token: string }) =>
      h.fake.waitForRequest(
        (r) => r.path.includes(interaction.token) && r.method === 'PATCH' && /^Added/u.test(messageBody(r).content ?? ''),
        30_000,
      );
    await Promise.all([done(first), done(second)]);
    // The notice edits the placeholder, and the result then replaces the notice.
    const queued = [first, second].filter((i) =>
      h.fake.requestsFor(i).some((r) => r.method === 'PATCH' && messageBody(r).content === QUEUED_NOTICE),
    );
    expect(queued).toHaveLength(1);
    expect(corpusFiles()).toEqual(expect.arrayContaining(['first-lighthouse.txt', 'second-lighthouse.txt']));
  });

  test('remove: autocomplete offers the article; removing moves its file aside and takes it out of the index', async () => {
    const suggest = await interact(h.fake, slashSubcommand('corpus', 'remove', { article: 'tide' }, newUser(), 'article'));
    expect(callbackType(suggest)).toBe(8);
    expect(messageBody(suggest).choices).toContainEqual({
      name: 'Tide Pools of Marrow Bay (Tide-Pools.md)',
      value: 'server:corpus/Tide-Pools.md',
    });
    const articlesBefore = (await ownArticles()).length;
    const content = await contentOf(slashSubcommand('corpus', 'remove', { article: 'server:corpus/Tide-Pools.md' }, newUser()));
    expect(content).toMatch(
      /^Removed “Tide Pools of Marrow Bay” \(`corpus\/Tide-Pools\.md`\)\. The file was moved to `corpus\/\.removed\/[^`]+-Tide-Pools\.md`/u,
    );
    expect(existsSync(path.join(own().corpusDir, 'Tide-Pools.md'))).toBe(false);
    expect(readdirSync(path.join(own().corpusDir, REMOVED_FOLDER)).some((f) => f.endsWith('Tide-Pools.md'))).toBe(true);
    expect((await ownArticles()).length).toBe(articlesBefore - 1);
    expect((await served()).findArticle('server:corpus/Tide-Pools.md')).toBeUndefined();
  });

  test('remove: an article whose file was deleted by hand leaves the index all the same', async () => {
    const first = path.join(own().corpusDir, 'first-lighthouse.txt');
    await rm(first);
    const content = await contentOf(slashSubcommand('corpus', 'remove', { article: 'server:corpus/first-lighthouse.txt' }, newUser()));
    expect(content).toMatch(
      /^Removed “The First Lighthouse” \(`corpus\/first-lighthouse\.txt`\)\. Its file was already gone from the corpus folder\./u,
    );
    expect((await served()).findArticle('server:corpus/first-lighthouse.txt')).toBeUndefined();
  });

  test('with CORPUS_CHANGES_FROM_DISCORD off, add and remove are refused with one fixed line, and status still works', async () => {
    expect(h.config.corpusChangesFromDiscord).toBe(true);
    const before = corpusFiles();
    const articlesBefore = (await ownArticles()).length;
    h.bot.ctx.corpusChangesFromDiscord = false;
    try {
      const attempts = [
        add('switched-off.txt', Buffer.from('Switched Off\n\nThe ferry to Corran Point ran twice a day in 1910.\n')),
        slashSubcommand('corpus', 'add', { url: 'https://lace.example/article' }, newUser()),
        slashSubcommand('corpus', 'remove', { article: 'server:corpus/second-lighthouse.txt' }, newUser()),
      ];
      for (const interaction of attempts) {
        const reply = await interact(h.fake, interaction);
        expect(messageBody(reply)).toMatchObject({ content: CORPUS_CHANGES_OFF, flags: EPHEMERAL });
      }
      const status = messageBody(await interact(h.fake, slashSubcommand('corpus', 'status', {}, newUser())));
      expect(status.embeds?.[0]?.fields?.find((f) => f.name === 'Articles')?.value).toBe(String(articlesBefore));
    } finally {
      h.bot.ctx.corpusChangesFromDiscord = true;
    }
    expect(corpusFiles()).toEqual(before);
    expect((await served()).findArticle('server:corpus/second-lighthouse.txt')).toBeDefined();
    // Nothing was downloaded either.
    expect(h.fake.requests.some((r) => r.path.includes('switched-off'))).toBe(false);
  });

  describe('a change cut off by a crash', () => {
    /** The change machinery as a restarted bot starts it, on the same folders and engine. */
    const restarted = () =>
      serverCorpusChanges({ ...h.config, engines: h.bot.ctx.engineSource, log: (line) => h.logLines.push(line) }).forServer(FAKE_GUILD_ID);
    const writeJournal = (entry: unknown) => writeFile(path.join(own().corpusDir, JOURNAL_FILE), JSON.stringify(entry));
    const journalLeft = () => existsSync(path.join(own().corpusDir, JOURNAL_FILE));

    test('an added file written but never ingested is ingested at start-up, and the journal removed', async () => {
      await writeFile(
        path.join(own().corpusDir, 'stranded-ferry.md'),
        'The Stranded Ferry\n\nThe night ferry to Corran Point ran aground on the Skerry Bank in 1931.\n',
      );
      await writeJournal({ kind: 'add', files: ['stranded-ferry.md'] });
      expect((await served()).findArticle('server:corpus/stranded-ferry.md')).toBeUndefined();
      expect(await restarted().recover()).toEqual({ kind: 'add', files: ['stranded-ferry.md'] });
      expect((await served()).findArticle('server:corpus/stranded-ferry.md')?.title).toBe('The Stranded Ferry');
      expect(journalLeft()).toBe(false);
    });

    test('an added file the ingest skips is deleted again; a file the add never wrote is no error', async () => {
      const latin1 = path.join(own().corpusDir, 'stranded-latin1.txt');
      await writeFile(latin1, Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a, 0x0a, 0x43, 0x72, 0xe8, 0x6d, 0x65, 0x0a]));
      await writeJournal({ kind: 'add', files: ['stranded-latin1.txt', 'web/never-written.pdf'] });
      await restarted().recover();
      expect(existsSync(latin1)).toBe(false);
      expect(journalLeft()).toBe(false);
      expect(h.logLines.some((l) => l.includes('stranded-latin1.txt was deleted again') && l.includes('UTF-8'))).toBe(true);
    });

    test('a removal whose file was moved aside but not yet ingested is finished at start-up', async () => {
      expect((await served()).findArticle('server:corpus/stranded-ferry.md')).toBeDefined();
      await mkdir(path.join(own().corpusDir, REMOVED_FOLDER), { recursive: true });
      const movedTo = `${REMOVED_FOLDER}/crashed-stranded-ferry.md`;
      await writeJournal({ kind: 'remove', file: 'stranded-ferry.md', movedTo });
      await rename(path.join(own().corpusDir, 'stranded-ferry.md'), path.join(own().corpusDir, movedTo));
      await restarted().recover();
      expect((await served()).findArticle('server:corpus/stranded-ferry.md')).toBeUndefined();
      expect(journalLeft()).toBe(false);
    });

    test('/corpus remove finds a file by its name when no indexed article matches', async () => {
      await writeFile(path.join(own().corpusDir, 'orphan.md'), 'The Orphan\n\nA file copied in by hand, never ingested.\n');
      const content = await contentOf(slashSubcommand('corpus', 'remove', { article: 'orphan.md' }, newUser()));
      expect(content).toMatch(
        /^Removed “orphan\.md” \(`corpus\/orphan\.md`\)\. The file was moved to `corpus\/\.removed\/[^`]+-orphan\.md`/u,
      );
      expect(existsSync(path.join(own().corpusDir, 'orphan.md'))).toBe(false);
      // A name that leads out of the corpus folder finds nothing.
      expect(await contentOf(slashSubcommand('corpus', 'remove', { article: '../corpus/../../etc/passwd' }, newUser()))).toMatch(
        /^No article matches that name/u,
      );
    });
  });

  test('status: articles, passages, model, last ingest and the files skipped with why', async () => {
    const articles = await ownArticles();
    const { model } = h.bot.ctx.engineSource.current().stats;
    const reply = await interact(h.fake, slashSubcommand('corpus', 'status', {}, newUser()));
    const fields = Object.fromEntries((messageBody(reply).embeds?.[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(articles.length).toBeGreaterThan(0);
    expect(fields).toMatchObject({
      Articles: String(articles.length),
      Passages: String(articles.reduce((n, a) => n + a.passages, 0)),
      Model: `\`${model}\``,
    });
    expect(fields['Last ingest']).toMatch(/^<t:\d+:f>$/u);
    expect(fields['Skipped files (0)']).toBe('None.');
  });

  test('a member without Manage Server cannot add, remove or see the status', async () => {
    for (const interaction of [
      add('sneaky.txt', Buffer.from('Sneaky\n\nA sneaky article.\n'), member()),
      slashSubcommand('corpus', 'status', {}, member()),
    ]) {
      const reply = await interact(h.fake, interaction);
      expect(messageBody(reply)).toMatchObject({ content: MANAGE_SERVER_ONLY, flags: EPHEMERAL });
      expect(h.fake.requestsFor(interaction).filter(isCallback)).toHaveLength(1);
    }
    expect(existsSync(path.join(own().corpusDir, 'sneaky.txt'))).toBe(false);
  });
});
