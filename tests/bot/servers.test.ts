/**
 * Two servers, one bot, through the fake Discord: each server's moderators change only that
 * server's articles, and no server's members ever see another's, across a restart.
 */
import { Writable } from 'node:stream';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { serverCorpusOf } from '../../src/answer/serverEngines.js';
import { startBot } from '../../src/bot/startBot.js';
import { createLogger } from '../../src/log.js';
import { readManifest } from '../../src/index/manifest.js';
import { segmentDir } from '../../src/index/segment.js';
import { FAKE_GUILD_ID, inGuild, slashCommand, slashSubcommand } from '../support/fakeDiscord.js';
import { interact, messageBody, newUser, startBotHarness, type BotHarness } from '../support/botHarness.js';

const SERVER_A = FAKE_GUILD_ID;
const SERVER_B = '300000000000000099';
const FACT = 'The lighthouse keepers of Quillan Sound rang the fog bell ninety-three times on the night of the great storm of 1907.';
const QUESTION = 'How many times did the lighthouse keepers of Quillan Sound ring the fog bell?';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({}, { CORPUS_CHANGES_FROM_DISCORD: 'on' });
}, 60_000);
afterAll(async () => {
  await h.bot.stop(1000);
  await h.fake.close();
  await rm(path.dirname(h.config.corpusDir), { recursive: true, force: true });
});

const askIn = async (guildId: string) =>
  JSON.stringify(messageBody(await interact(h.fake, inGuild(slashCommand('ask', { question: QUESTION }, newUser()), guildId))));
const replyIn = async (guildId: string, interaction: { id: string; token: string } & Record<string, unknown>) =>
  messageBody(await interact(h.fake, inGuild(interaction, guildId)));

test("a moderator's article reaches that server's answers only, and only that server's moderators can remove it, across a restart", async () => {
  const added = await replyIn(
    SERVER_A,
    slashSubcommand('corpus', 'add', { file: h.fake.hostAttachment('quillan.md', Buffer.from(`Quillan Sound\n\n${FACT}\n`)) }, newUser()),
  );
  expect(added.content).toMatch(/^Added “Quillan Sound” \(`corpus\/quillan\.md`\)/u);

  // Server A's members get it quoted, cited as the server's own article.
  const inA = await askIn(SERVER_A);
  expect(inA).toContain('ninety-three times');
  expect(inA).toContain('server:corpus/quillan.md');

  // Server B never sees it: not in answers, autocomplete, /sources, /corpus status or /passage.
  const checkB = async () => {
    expect(await askIn(SERVER_B)).not.toContain('ninety-three');
    const choices = await replyIn(SERVER_B, slashCommand('passage', { source: 'quillan', paragraph: 1 }, newUser(), 'source'));
    expect(JSON.stringify(choices)).not.toContain('quillan');
    const passage = await replyIn(SERVER_B, slashCommand('passage', { source: 'server:corpus/quillan.md', paragraph: 2 }, newUser()));
    expect(passage.content).toBe('No article matches that name; pick one from the list or see `/sources`.');
    expect(JSON.stringify(await replyIn(SERVER_B, slashCommand('sources', {}, newUser())))).not.toContain('quillan');
    const status = await replyIn(SERVER_B, slashSubcommand('corpus', 'status', {}, newUser()));
    expect(status.embeds?.[0]?.fields?.find((f) => f.name === 'Articles')?.value).toBe('0');
    // B's moderator can neither remove it nor find it by name.
    const removal = await replyIn(SERVER_B, slashSubcommand('corpus', 'remove', { article: 'server:corpus/quillan.md' }, newUser()));
    expect(removal.content).toMatch(/^No article matches that name/u);
  };
  await checkB();

  // A restart loses nothing and crosses nothing over.
  await h.bot.stop(1000);
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      h.logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  h.bot = await startBot(h.config, { log: createLogger('info', logStream), reloadPollMs: 100 });
  expect(await askIn(SERVER_A)).toContain('ninety-three times');
  await checkB();

  // Removing it in A takes it out of A's answers.
  const removed = await replyIn(SERVER_A, slashSubcommand('corpus', 'remove', { article: 'server:corpus/quillan.md' }, newUser()));
  expect(removed.content).toMatch(/^Removed “Quillan Sound”/u);
  expect(await askIn(SERVER_A)).not.toContain('ninety-three');
}, 120_000);

test("a server's damaged index affects that server only: it answers from the base, the others as before", async () => {
  const C = '300000000000000077';
  await replyIn(
    C,
    slashSubcommand('corpus', 'add', { file: h.fake.hostAttachment('quillan.md', Buffer.from(`Quillan Sound\n\n${FACT}\n`)) }, newUser()),
  );
  await replyIn(
    SERVER_A,
    slashSubcommand('corpus', 'add', { file: h.fake.hostAttachment('quillan.md', Buffer.from(`Quillan Sound\n\n${FACT}\n`)) }, newUser()),
  );
  expect(await askIn(C)).toContain('ninety-three times');

  // C's segment is damaged on disk and a new generation committed, so the bot reads it again.
  const { indexDir } = serverCorpusOf(h.config.dataDir, C);
  const manifest = (await readManifest(indexDir))!;
  await writeFile(path.join(segmentDir(indexDir, manifest.segments[0]!.id), 'records.json'), '{ not json');
  await writeFile(path.join(indexDir, 'manifest.json'), JSON.stringify({ ...manifest, generation: manifest.generation + 1 }));

  const inC = await askIn(C);
  expect(inC).not.toContain('ninety-three');
  expect(inC).not.toMatch(/records\.json|\/tmp\//u);
  expect(
    h.logLines.some((line) => line.includes(`Server ${C}'s index cannot be loaded; it answers from the base corpus until repaired`)),
  ).toBe(true);
  expect(await askIn(SERVER_A)).toContain('ninety-three times');
  expect(await askIn(SERVER_B)).not.toContain('ninety-three');
}, 120_000);
