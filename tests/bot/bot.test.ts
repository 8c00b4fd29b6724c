/**
 * The real bot start-up code (discord.js client, DISCORD_API_URL pointed at a fake Discord on
 * 127.0.0.1) answering real interactions over the fake gateway; assertions are on the exact
 * REST payloads the bot sends.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { GatewayIntentBits, type APIEmbed } from 'discord.js';
import { registerCommands } from '../../src/bot/registerCommands.js';
import { startBot, type RunningBot } from '../../src/bot/startBot.js';
import { loadBotConfig, type BotConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { probeIndex } from '../../src/answer/probeIndex.js';
import { createLogger } from '../../src/log.js';
import { DISCORD_LIMITS, embedLength } from '../../src/render/discord.js';
import { FOUND_HEADING, NOT_FOUND_HEADING, TRANSPARENCY_HEADING } from '../../src/render/terminal.js';
import { tempCorpusConfig } from '../support/testConfig.js';
import {
  buttonClick,
  FAKE_APPLICATION_ID,
  FAKE_GUILD_ID,
  FAKE_TOKEN,
  messageCommand,
  slashCommand,
  startFakeDiscord,
  type FakeDiscord,
  type FakeUser,
  type RecordedRequest,
} from '../support/fakeDiscord.js';

const EPHEMERAL = 64;
let userCounter = 0;
const newUser = (): FakeUser => ({ id: String(700_000_000_000_000_000n + BigInt((userCounter += 1))), username: `reader${userCounter}` });

/** An article built to stress the renderer: very long paragraphs, one giant sentence, and text that looks like mentions and markdown. */
function stressArticle(): string {
  const rations = Array.from(
    { length: 45 },
    (_, i) => `On day ${i + 1} the keepers of Brannock Isle received ${i + 2} barrels of salted herring and ${i + 3} sacks of oats.`,
  ).join(' ');
  const manifest = `The supply ship bound for Brannock Isle carried ${Array.from({ length: 160 }, (_, i) => `a crate of copper nails marked ${i + 1}`).join(', ')} and a brass bell.`;
  const graffiti =
    'Visitors to the Brannock Isle lighthouse wrote @everyone and <@123456789012345678> on the wall, ' +
    'beside **bold claims**, a [masked link](https://evil.example/phish), # a heading and `code` marks.';
  return `The Lighthouse Keepers of Brannock Isle\n\n${rations}\n\n${manifest}\n\n${graffiti}\n`;
}

let fake: FakeDiscord;
let bot: RunningBot;
let config: BotConfig;
const logLines: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

/**
 * A member as the question store keeps them (HMAC-SHA256 of the id under the generated key, 128 bits,
 * base64url), computed here independently.
 */
const storedHash = (userId: string) =>
  createHmac('sha256', readFileSync(path.join(config.dataDir, 'user-hash.key'), 'utf8').trim())
    .update(userId)
    .digest()
    .subarray(0, 16)
    .toString('base64url');

const sourceText = (source: string) => readFileSync(path.join(path.dirname(config.corpusDir), source), 'utf8');

beforeAll(async () => {
  const core = await tempCorpusConfig();
  await writeFile(path.join(core.corpusDir, 'brannock.txt'), stressArticle());
  const embedder = await createEmbedder({ model: core.embeddingModel, cacheDir: core.modelCacheDir, hubTimeoutMs: 100 });
  // As `npm run ingest` does: the index's levels come from its own probes.
  await ingestCorpus({
    corpusDir: core.corpusDir,
    indexDir: core.indexDir,
    projectRoot: path.dirname(core.corpusDir),
    embedder,
    probe: probeIndex(embedder),
  });
  fake = await startFakeDiscord();
  config = {
    ...loadBotConfig({ DISCORD_TOKEN: FAKE_TOKEN, DISCORD_CLIENT_ID: FAKE_APPLICATION_ID, DISCORD_API_URL: fake.apiUrl }),
    ...core,
  };
  bot = await startBot(config, { log: createLogger('info', logStream), reloadPollMs: 100 });
}, 60_000);

afterAll(async () => {
  await bot?.stop(1000);
  await fake?.close();
});

const isCallback = (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith('/callback');
const callbackType = (r: RecordedRequest) => (r.body as { type: number }).type;
const messageBody = (r: RecordedRequest) =>
  (isCallback(r) ? (r.body as { data: Record<string, unknown> }).data : r.body) as {
    content?: string;
    embeds?: APIEmbed[];
    components?: Array<{ components: Array<{ custom_id: string; label: string }> }>;
    flags?: number;
    allowed_mentions?: unknown;
    choices?: Array<{ name: string; value: string }>;
  };

/** Dispatches an interaction and resolves with the request that carries its final message. */
async function interact(interaction: { id: string; token: string } & Record<string, unknown>): Promise<RecordedRequest> {
  fake.dispatch(interaction);
  return fake.waitForRequest(
    (r) =>
      r.path.includes(interaction.token) &&
      ((r.method === 'PATCH' && r.path.endsWith('/messages/@original')) ||
        (isCallback(r) && callbackType(r) !== 5 && callbackType(r) !== 6)),
  );
}

/** Every quoted piece in a rendered description, markdown removed, split at the ellipses. */
function quotedPieces(markdown: string): string[] {
  return markdown
    .split('\n')
    .map((line) => line.replace(/^> /u, '').replace(/^\*\*¶\d+\*\*$|^¶\d+$/u, ''))
    .join(' ')
    .replaceAll('**', '')
    .replace(/\\(.)/gu, '$1')
    .split('…')
    .map((piece) => piece.replace(/\s+/gu, ' ').trim())
    .filter(Boolean);
}

function expectWithinLimits(body: ReturnType<typeof messageBody>): void {
  const embeds = body.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
  expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
  }
  expect(body.content?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.content);
}

/** Each quote embed's text comes word for word from the file its footer cites. */
function expectVerbatimQuotes(embeds: APIEmbed[]): void {
  const normalise = (text: string) => text.replace(/\s+/gu, ' ');
  for (const embed of embeds.filter((e) => e.footer)) {
    const source = /\(([^,()]+), ¶\d+\)/u.exec(embed.footer?.text ?? '')?.[1];
    expect(source, embed.footer?.text).toBeDefined();
    const file = normalise(sourceText(source as string));
    for (const piece of quotedPieces(embed.description ?? '')) expect(file).toContain(piece);
  }
}

describe('start-up', () => {
  test('identifies with the Guilds and GuildMessages intents only (none privileged) and the configured token', () => {
    const identify = fake.identifies[0] as { token: string; intents: number };
    expect(identify.token).toBe(FAKE_TOKEN);
    expect(identify.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    const gateway = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gateway?.authorization).toBe(`Bot ${FAKE_TOKEN}`);
    expect(logLines.some((l) => /Ready as .*: 6 articles, \d+ passages/u.test(l))).toBe(true);
  });

  test('registers every command to the configured server', async () => {
    const result = await registerCommands({ ...config, discordGuildId: FAKE_GUILD_ID });
    const put = await fake.waitForRequest(
      (r) => r.method === 'PUT' && r.path === `/applications/${FAKE_APPLICATION_ID}/guilds/${FAKE_GUILD_ID}/commands`,
    );
    const names = (put.body as Array<{ name: string; type?: number }>).map((c) => c.name);
    expect(names).toEqual(['ask', 'quote', 'sources', 'passage', 'report', 'corpus', 'calibrate', 'Find in corpus']);
    expect(result.names).toEqual(names);
    expect(put.authorization).toBe(`Bot ${FAKE_TOKEN}`);
  });
});

describe('/ask', () => {
  let answer: ReturnType<typeof messageBody>;

  test('defers at once, then edits in the quotes with citations, blocking every mention', async () => {
    const interaction = slashCommand('ask', { question: 'How many soldiers has North Korea deployed to Russia?' }, newUser());
    const final = await interact(interaction);
    const [first] = fake.requestsFor(interaction);
    expect(first && isCallback(first) && callbackType(first)).toBe(5);
    expect(final.method).toBe('PATCH');
    answer = messageBody(final);
    expect(answer.allowed_mentions).toEqual({ parse: [] });
    expect(answer.embeds?.[0]?.title).toBe(FOUND_HEADING);
    const quotes = answer.embeds?.slice(1) ?? [];
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes) expect(quote.footer?.text).toMatch(/^— ".+" \(corpus\/[^,]+, ¶\d+\)/u);
    expect(quotes.some((q) => /\*\*.+\*\*/su.test(q.description ?? ''))).toBe(true);
    expectWithinLimits(answer);
    expectVerbatimQuotes(quotes);
  });

  test('"More" answers the clicker privately with the next quotes, numbered on', async () => {
    const more = answer.components?.[0]?.components.find((c) => c.label === 'More');
    expect(more).toBeDefined();
    const click = buttonClick(more?.custom_id as string, newUser());
    const final = await interact(click);
    const [first] = fake.requestsFor(click);
    expect(first && messageBody(first).flags).toBe(EPHEMERAL);
    const body = messageBody(final);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const numbers = (body.embeds ?? []).slice(1).map((e) => Number(/^(\d+)\./u.exec(e.title ?? '')?.[1]));
    expect(numbers[0]).toBe(5);
    expectVerbatimQuotes(body.embeds ?? []);
  });

  test('"Context" shows the quoted paragraph with its neighbours, privately', async () => {
    const contextButton = answer.components?.[0]?.components.find((c) => c.label === 'Context 1');
    const click = buttonClick(contextButton?.custom_id as string, newUser());
    const final = await interact(click);
    const body = messageBody(final);
    expect(callbackType(final)).toBe(4);
    expect(body.flags).toBe(EPHEMERAL);
    const cited = /¶(\d+)/u.exec(answer.embeds?.[1]?.footer?.text ?? '')?.[1];
    expect(body.embeds?.[0]?.description).toContain(`**¶${cited}**`);
    expectVerbatimQuotes(body.embeds ?? []);
  });

  test('"More" is offered only when another quote exists', async () => {
    const cases: Array<{ question: string; source?: string }> = [
      { question: 'What is the recipe for kimchi?' },
      { question: 'How many soldiers has North Korea deployed to Russia?' },
    ];
    const availability: number[] = [];
    for (const { question, source } of cases) {
      const body = messageBody(await interact(slashCommand('ask', { question, ...(source ? { source } : {}) }, newUser())));
      const offered = (body.components?.[0]?.components ?? []).some((c) => c.label === 'More');
      // A page where nothing answers shows no quotes in public, so it offers no "More" either.
      const next = await bot.ctx.engineSource.current().ask(question, source ? { k: 5, source } : { k: 5 });
      const available = next.level === 'none' ? 0 : next.quotes.length;
      expect(offered, `${available} quotes available`).toBe(available > 4);
      availability.push(available);
    }
    // Both sides of the line are exercised.
    expect(Math.min(...availability)).toBeLessThanOrEqual(4);
    expect(Math.max(...availability)).toBeGreaterThan(4);
  });

  test('a deliberately long answer stays inside every embed limit, cut only with visible ellipses', async () => {
    const final = await interact(
      slashCommand('ask', { question: 'What did the keepers of Brannock Isle receive, and what did the supply ship carry?' }, newUser()),
    );
    const body = messageBody(final);
    expectWithinLimits(body);
    const quotes = (body.embeds ?? []).slice(1);
    expect(quotes.some((q) => q.footer?.text.includes('brannock.txt'))).toBe(true);
    expect(quotes.some((q) => q.description?.includes('…'))).toBe(true);
    expectVerbatimQuotes(quotes);
  });

  test('mentions and markdown from the corpus are inert', async () => {
    const final = await interact(
      slashCommand('ask', { question: 'What did visitors write on the wall of the Brannock Isle lighthouse? @everyone' }, newUser()),
    );
    const body = messageBody(final);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const text = (body.embeds ?? []).map((e) => e.description ?? '').join('\n');
    expect(text).toContain('\\@everyone');
    expect(text).toContain('\\[masked link\\](https://evil.example/phish)');
    expect(text).not.toMatch(/(?<!\\)\[masked link\]\(/u);
    expect(text).toContain('\\*\\*bold claims\\*\\*');
    expectVerbatimQuotes((body.embeds ?? []).slice(1));
  });

  test('off-topic: the fixed "nothing found" text in public, the closest passages only to the asker', async () => {
    const interaction = slashCommand('ask', { question: 'What is the recipe for kimchi?' }, newUser());
    const final = await interact(interaction);
    expect(messageBody(final).embeds?.[0]?.title).toBe(NOT_FOUND_HEADING);
    expect(messageBody(final).embeds).toHaveLength(1);
    const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${interaction.token}`));
    const body = messageBody(followUp);
    expect(body.flags).toBe(EPHEMERAL);
    expect(body.embeds?.[0]?.description).toBe(TRANSPARENCY_HEADING);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  test('the sixth rapid question from one user gets a private cooldown notice', async () => {
    const user = newUser();
    const replies: RecordedRequest[] = [];
    for (let i = 0; i < 6; i += 1) replies.push(await interact(slashCommand('ask', { question: `Who defected in 2022? (${i})` }, user)));
    for (const reply of replies.slice(0, 5)) expect(reply.method).toBe('PATCH');
    const sixth = replies[5] as RecordedRequest;
    expect(callbackType(sixth)).toBe(4);
    expect(messageBody(sixth).flags).toBe(EPHEMERAL);
    expect(messageBody(sixth).content).toMatch(/please wait \d+ s/u);
    // Another user is not held back by the first one's burst.
    expect(
      (await interact(slashCommand('ask', { question: 'How many soldiers has North Korea deployed to Russia?' }, newUser()))).method,
    ).toBe('PATCH');
  });

  test('an unknown source is explained privately, replacing the public placeholder', async () => {
    const interaction = slashCommand('ask', { question: 'Who defected?', source: 'no-such-article.txt' }, newUser());
    fake.dispatch(interaction);
    const notice = await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${interaction.token}`));
    expect(messageBody(notice).flags).toBe(EPHEMERAL);
    expect(messageBody(notice).content).toMatch(/No article matches "no-such-article.txt".*\/sources/u);
    expect(fake.requestsFor(interaction).map((r) => r.method)).toEqual(['POST', 'DELETE', 'POST']);
  });

  test('a failure shows only a private message with an error id; details go to the log', async () => {
    const engine = bot.ctx.engineSource.current();
    const spy = vi.spyOn(engine, 'ask').mockRejectedValueOnce(new Error(`boom with ${FAKE_TOKEN} inside`));
    const user = newUser();
    const interaction = slashCommand('ask', { question: 'What happened in Kursk?' }, user);
    fake.dispatch(interaction);
    const notice = await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${interaction.token}`));
    spy.mockRestore();
    const body = messageBody(notice);
    expect(body.flags).toBe(EPHEMERAL);
    const errorId = /error id `([0-9a-f]{8})`/u.exec(body.content ?? '')?.[1];
    expect(errorId).toBeDefined();
    const everythingSent = JSON.stringify(fake.requestsFor(interaction).map((r) => r.body));
    expect(everythingSent).not.toContain(FAKE_TOKEN);
    expect(everythingSent).not.toContain('boom');
    expect(everythingSent).not.toMatch(/at .*\.ts:\d+/u);
    expect(fake.requestsFor(interaction).some((r) => r.method === 'DELETE')).toBe(true);
    const logged = logLines.find((l) => l.includes(errorId as string) && l.includes('boom'));
    expect(logged).toBeDefined();
    // The member appears as the hash the question store keeps, never as their id.
    expect(logged).not.toContain(user.id);
    expect(logged).toContain(`"userHash":"${storedHash(user.id)}"`);
  });

  test('a failed answer to a mention is logged with the hash of its asker, not their id', async () => {
    const spy = vi.spyOn(bot.ctx.engineSource.current(), 'ask').mockRejectedValueOnce(new Error('mention boom'));
    const author = newUser();
    const sent = fake.dispatchMessage({ author, content: `<@${FAKE_APPLICATION_ID}> What happened in Kursk?`, mentionsBot: true });
    const reply = await fake.waitForRequest(
      (r) => r.method === 'POST' && (r.body as { message_reference?: { message_id: string } })?.message_reference?.message_id === sent.id,
    );
    spy.mockRestore();
    const errorId = /error id `([0-9a-f]{8})`/u.exec(messageBody(reply).content ?? '')?.[1];
    const logged = logLines.find((l) => l.includes(errorId as string) && l.includes('mention boom'));
    expect(logged).toBeDefined();
    expect(logged).not.toContain(author.id);
    expect(logged).toContain(`"userHash":"${storedHash(author.id)}"`);
  });
});

describe('other commands', () => {
  test('/quote gives one copy-ready quote and its citation line', async () => {
    const final = await interact(slashCommand('quote', { topic: 'dying like dogs' }, newUser()));
    const content = messageBody(final).content ?? '';
    const match = /^```\n“(.+)”\n(— ".+" \((corpus\/[^,]+), ¶\d+\))\n```$/su.exec(content);
    expect(match, content).not.toBeNull();
    const [, sentence, , source] = match as RegExpExecArray;
    expect(sourceText(source as string)).toContain(sentence);
    expect(sentence?.toLowerCase()).toContain('dying like dogs');
  });

  test('/sources lists every article with its file and counts', async () => {
    const body = messageBody(await interact(slashCommand('sources', {}, newUser())));
    const fields = body.embeds?.[0]?.fields ?? [];
    expect(fields).toHaveLength(6);
    expect(fields.some((f) => f.value.includes('`corpus/brannock.txt`'))).toBe(true);
    for (const field of fields) expect(field.value).toMatch(/\d+ paragraphs · \d+ passages/u);
  });

  test('/passage shows the paragraph with the one before and after', async () => {
    const body = messageBody(await interact(slashCommand('passage', { source: 'corpus/brannock.txt', paragraph: 2 }, newUser())));
    const description = body.embeds?.[0]?.description ?? '';
    expect(description).toMatch(/^¶1\n[\s\S]*\n\n\*\*¶2\*\*\n[\s\S]*\n\n¶3\n/u);
    expect(body.embeds?.[0]?.footer?.text).toContain('(corpus/brannock.txt, ¶2)');
    expectWithinLimits(body);
  });

  test('/passage explains an out-of-range paragraph privately', async () => {
    const body = messageBody(await interact(slashCommand('passage', { source: 'brannock.txt', paragraph: 99 }, newUser())));
    expect(body.flags).toBe(EPHEMERAL);
    expect(body.content).toMatch(/has paragraphs 1 to \d+/u);
  });

  test('autocomplete answers within 3 s with at most 25 choices of at most 100 characters', async () => {
    const interaction = slashCommand('passage', { source: 'north', paragraph: 1 }, newUser(), 'source');
    const started = performance.now();
    const reply = await interact(interaction);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(callbackType(reply)).toBe(8);
    const choices = messageBody(reply).choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
      expect(choice.name.toLowerCase()).toContain('north');
    }
  });

  test('"Find in corpus" answers a message\'s claim privately', async () => {
    const claim = '@everyone North Korean soldiers were given fake identity documents to look like Yakuts or Buryats';
    const interaction = messageCommand('Find in corpus', { content: claim, authorId: '800000000000000001' }, newUser());
    const final = await interact(interaction);
    const [first] = fake.requestsFor(interaction);
    expect(first && callbackType(first)).toBe(5);
    expect(first && messageBody(first).flags).toBe(EPHEMERAL);
    const body = messageBody(final);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds?.[0]?.description).toMatch(/^\*\*Message:\*\*/u);
    expect(JSON.stringify(body.embeds)).toMatch(/Yakuts/u);
    expectVerbatimQuotes((body.embeds ?? []).slice(1));
  });
});

describe('re-ingest while serving', () => {
  test('a new index is swapped in without a restart; a broken one is refused and the old one stays', async () => {
    await writeFile(
      path.join(config.corpusDir, 'tidepools.txt'),
      'Tide Pools of Marrow Bay\n\nThe tide pools of Marrow Bay hold seventeen species of anemone, counted by volunteers in 2023.\n',
    );
    const embedder = await createEmbedder({ model: config.embeddingModel, cacheDir: config.modelCacheDir, hubTimeoutMs: 100 });
    await ingestCorpus({ corpusDir: config.corpusDir, indexDir: config.indexDir, projectRoot: path.dirname(config.corpusDir), embedder });
    await vi.waitFor(() => expect(bot.ctx.engineSource.current().stats.articles).toBe(7), { timeout: 10_000, interval: 100 });
    const body = messageBody(
      await interact(slashCommand('ask', { question: 'How many species of anemone live in the tide pools of Marrow Bay?' }, newUser())),
    );
    expect(body.embeds?.[1]?.footer?.text).toContain('corpus/tidepools.txt');

    // A manifest naming a segment that does not exist: the reload fails and is logged.
    const manifestFile = path.join(config.indexDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { generation: number; segments: Array<{ id: string }> };
    await writeFile(
      manifestFile,
      JSON.stringify({
        ...manifest,
        generation: manifest.generation + 1,
        segments: [...manifest.segments, { ...manifest.segments[0], id: 'missing-segment' }],
      }),
    );
    await vi.waitFor(() => expect(logLines.some((l) => l.includes('previous one stays in service'))).toBe(true), {
      timeout: 10_000,
      interval: 100,
    });
    expect(bot.ctx.engineSource.current().stats.articles).toBe(7);
  });
});

describe('shutdown', () => {
  test('finishes the reply in flight, turns newcomers away politely, then disconnects', async () => {
    const engine = bot.ctx.engineSource.current();
    const realAsk = engine.ask.bind(engine);
    const spy = vi.spyOn(engine, 'ask').mockImplementation(async (question, options) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return realAsk(question, options);
    });
    const slow = slashCommand('ask', { question: 'How many soldiers has North Korea deployed to Russia?' }, newUser());
    fake.dispatch(slow);
    await fake.waitForRequest((r) => r.path.includes(slow.token) && isCallback(r));
    const stopped = bot.stop(5000);
    const late = slashCommand('ask', { question: 'How many soldiers has North Korea deployed to Russia?' }, newUser());
    const lateReply = await interact(late);
    await stopped;
    spy.mockRestore();
    const edit = fake.requestsFor(slow).find((r) => r.method === 'PATCH');
    expect(edit && messageBody(edit).embeds?.[0]?.title).toBe(FOUND_HEADING);
    expect(messageBody(lateReply).content).toMatch(/restarting/u);
    expect(messageBody(lateReply).flags).toBe(EPHEMERAL);
    expect(bot.client.isReady()).toBe(false);
  });
});
