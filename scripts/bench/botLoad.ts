/**
 * The bot under load: 200 questions from 20 simulated users, sent through the fake Discord
 * (127.0.0.1) to the real bot start-up code with its default cooldown and concurrency cap;
 * every fourth is asked by mention (MESSAGE_CREATE), the rest with /ask. Each must end
 * answered or politely throttled (a private notice for /ask, a reaction for a mention); none
 * may be lost. Prints one JSON object: counts and the time from dispatch to the final reply.
 */
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startBot } from '../../src/bot/startBot.js';
import { peakRssMb, percentile, round } from './lib/measure.js';
import { loadBotConfig, PROJECT_ROOT } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { parseEvalSet } from '../../src/eval/metrics.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { createLogger } from '../../src/log.js';
import { FAKE_APPLICATION_ID, FAKE_TOKEN, slashCommand, startFakeDiscord, type FakeUser, type RecordedRequest } from '../../tests/support/fakeDiscord.js';

const USERS = 20;
const PER_USER = 10;
/** Each simulated user asks this often: faster than the default cooldown allows, to exercise it. */
const USER_INTERVAL_MS = 250;
const LOST_AFTER_MS = 30_000;
/** Every this many questions one is asked by mention instead of /ask. */
const MENTION_EVERY = 4;

const dir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-botload-'));
const corpusDir = path.join(dir, 'corpus');
await cp(path.join(PROJECT_ROOT, 'corpus'), corpusDir, { recursive: true });
const modelCacheDir = path.join(PROJECT_ROOT, '.cache', 'models');
const embedder = await createEmbedder({ model: OFFLINE_MODEL, cacheDir: modelCacheDir, hubTimeoutMs: 100 });
await ingestCorpus({ corpusDir, indexDir: path.join(dir, 'index'), projectRoot: dir, embedder });

const fake = await startFakeDiscord();
const config = {
  ...loadBotConfig({ DISCORD_TOKEN: FAKE_TOKEN, DISCORD_CLIENT_ID: FAKE_APPLICATION_ID, DISCORD_API_URL: fake.apiUrl }),
  corpusDir,
  indexDir: path.join(dir, 'index'),
  modelCacheDir,
  embeddingModel: OFFLINE_MODEL,
};
const bot = await startBot(config, { log: createLogger('error') });
const questions = parseEvalSet(readFileSync(path.join(PROJECT_ROOT, 'tests/eval/questions.jsonl'), 'utf8')).map((q) => q.question);

type Outcome = { ms: number; outcome: 'answered' | 'throttled' | 'lost'; via: 'ask' | 'mention' };

const isFinal = (r: RecordedRequest) =>
  r.method === 'PATCH' || (r.path.endsWith('/callback') && (r.body as { type: number }).type === 4);

/** Sends one question and resolves with how it ended: by /ask, or by mention (a reply, or a reaction when throttled). */
function askOnce(user: FakeUser, question: string, via: Outcome['via']): Promise<Outcome> {
  const sent = performance.now();
  const ended = (r: RecordedRequest, answered: boolean): Outcome => ({ ms: r.at - sent, outcome: answered ? 'answered' : 'throttled', via });
  const lost = (): Outcome => ({ ms: LOST_AFTER_MS, outcome: 'lost', via });
  if (via === 'mention') {
    const message = fake.dispatchMessage({ author: user, content: `<@${FAKE_APPLICATION_ID}> ${question}`, mentionsBot: true });
    const replied = (r: RecordedRequest) => (r.body as { message_reference?: { message_id: string } } | undefined)?.message_reference?.message_id === message.id;
    const reacted = (r: RecordedRequest) => r.method === 'PUT' && r.path.includes(`/messages/${message.id}/reactions/`);
    return fake
      .waitForRequest((r) => replied(r) || reacted(r), LOST_AFTER_MS)
      .then((r) => ended(r, replied(r)))
      .catch(lost);
  }
  const interaction = slashCommand('ask', { question }, user);
  fake.dispatch(interaction);
  return fake
    .waitForRequest((r) => r.path.includes(interaction.token) && isFinal(r), LOST_AFTER_MS)
    .then((r) => ended(r, r.method === 'PATCH'))
    .catch(lost);
}

const outcomes = await Promise.all(
  Array.from({ length: USERS }, async (_, u) => {
    const user = { id: String(900_000_000_000_000_000n + BigInt(u)), username: `load${u}` };
    const mine: Array<Promise<Outcome>> = [];
    for (let i = 0; i < PER_USER; i += 1) {
      const n = u * PER_USER + i;
      mine.push(askOnce(user, questions[n % questions.length] as string, n % MENTION_EVERY === 0 ? 'mention' : 'ask'));
      await new Promise((resolve) => setTimeout(resolve, USER_INTERVAL_MS));
    }
    return Promise.all(mine);
  }),
).then((perUser) => perUser.flat());

await bot.stop(5000);
await fake.close();
await rm(dir, { recursive: true, force: true });

const count = (kind: string) => outcomes.filter((o) => o.outcome === kind).length;
const answeredMs = outcomes.filter((o) => o.outcome === 'answered').map((o) => o.ms);
const allMs = outcomes.filter((o) => o.outcome !== 'lost').map((o) => o.ms);
process.stdout.write(
  `${JSON.stringify({
    interactions: outcomes.length,
    mentions: outcomes.filter((o) => o.via === 'mention').length,
    users: USERS,
    answered: count('answered'),
    throttled: count('throttled'),
    lost: count('lost'),
    lostMentions: outcomes.filter((o) => o.via === 'mention' && o.outcome === 'lost').length,
    cooldown: `${config.cooldownMaxQuestions} per ${config.cooldownWindowSeconds} s`,
    maxConcurrentQueries: config.maxConcurrentQueries,
    finalReplyMs: { p50: round(percentile(allMs, 50)), p95: round(percentile(allMs, 95)), max: round(Math.max(...allMs)) },
    answeredReplyMs: { p50: round(percentile(answeredMs, 50)), p95: round(percentile(answeredMs, 95)) },
    peakRssMb: peakRssMb(),
  })}\n`,
);
