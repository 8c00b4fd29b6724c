/**
 * The bot under load, through the fake Discord (127.0.0.1), with the real bot start-up code and
 * its default cooldown and concurrency cap. `--scenario steady`: 200 questions from 20
 * simulated users, every fourth asked by mention (MESSAGE_CREATE), the rest with /ask.
 * `--scenario burst` (issue #19): 200 /ask from 40 members, 100 mentions from 20 and 40
 * mentions from one spammer, all at once, in one channel. Each question must end answered or
 * politely throttled (a private notice for /ask, a reaction for a mention); none may be lost.
 * Prints one JSON object: counts, the time from dispatch to the final reply (also by way of
 * asking) and the load average when the run began.
 */
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBot } from '../../src/bot/startBot.js';
import { peakRssMb, percentile, round } from './lib/measure.js';
import { loadBotConfig, PROJECT_ROOT } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { parseEvalSet } from '../../src/eval/metrics.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { createLogger } from '../../src/log.js';
import {
  FAKE_APPLICATION_ID,
  FAKE_TOKEN,
  slashCommand,
  startFakeDiscord,
  type FakeUser,
  type RecordedRequest,
} from '../../tests/support/fakeDiscord.js';

const LOST_AFTER_MS = 30_000;

type Via = 'ask' | 'mention';
/** A group of simulated members, each asking `questions` questions `intervalMs` apart; `via` of the n-th question overall. */
interface Askers {
  members: number;
  questions: number;
  intervalMs: number;
  via: (n: number) => Via;
}

const SCENARIOS: Record<string, Askers[]> = {
  // Each user asks faster than the default cooldown allows, to exercise it; every fourth question by mention.
  steady: [{ members: 20, questions: 10, intervalMs: 250, via: (n) => (n % 4 === 0 ? 'mention' : 'ask') }],
  burst: [
    { members: 40, questions: 5, intervalMs: 100, via: () => 'ask' },
    { members: 20, questions: 5, intervalMs: 100, via: () => 'mention' },
    { members: 1, questions: 40, intervalMs: 25, via: () => 'mention' },
  ],
};
const { values: args } = parseArgs({ options: { scenario: { type: 'string', default: 'steady' } } });
const scenario = SCENARIOS[args.scenario];
if (!scenario) throw new Error(`--scenario must be one of ${Object.keys(SCENARIOS).join(', ')}`);

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

type Outcome = { ms: number; outcome: 'answered' | 'throttled' | 'lost'; via: Via };

const isFinal = (r: RecordedRequest) => r.method === 'PATCH' || (r.path.endsWith('/callback') && (r.body as { type: number }).type === 4);

/** Sends one question and resolves with how it ended: by /ask, or by mention (a reply, or a reaction when throttled). */
function askOnce(user: FakeUser, question: string, via: Outcome['via']): Promise<Outcome> {
  const sent = performance.now();
  const ended = (r: RecordedRequest, answered: boolean): Outcome => ({
    ms: r.at - sent,
    outcome: answered ? 'answered' : 'throttled',
    via,
  });
  const lost = (): Outcome => ({ ms: LOST_AFTER_MS, outcome: 'lost', via });
  if (via === 'mention') {
    const message = fake.dispatchMessage({ author: user, content: `<@${FAKE_APPLICATION_ID}> ${question}`, mentionsBot: true });
    const replied = (r: RecordedRequest) =>
      (r.body as { message_reference?: { message_id: string } } | undefined)?.message_reference?.message_id === message.id;
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

const loadAverage = os.loadavg().map((l) => round(l));
let nextUser = 0;
let nextQuestion = 0;
const outcomes = await Promise.all(
  scenario.flatMap((askers) =>
    Array.from({ length: askers.members }, async () => {
      const u = nextUser++;
      const user = { id: String(900_000_000_000_000_000n + BigInt(u)), username: `load${u}` };
      const mine: Array<Promise<Outcome>> = [];
      for (let i = 0; i < askers.questions; i += 1) {
        const n = nextQuestion++;
        mine.push(askOnce(user, questions[n % questions.length] as string, askers.via(n)));
        await new Promise((resolve) => setTimeout(resolve, askers.intervalMs));
      }
      return Promise.all(mine);
    }),
  ),
).then((perUser) => perUser.flat());

await bot.stop(5000);
await fake.close();
await rm(dir, { recursive: true, force: true });

const count = (kind: string) => outcomes.filter((o) => o.outcome === kind).length;
const replyMs = (of: Outcome[]) => {
  const ms = of.filter((o) => o.outcome === 'answered').map((o) => o.ms);
  return { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) };
};
const allMs = outcomes.filter((o) => o.outcome !== 'lost').map((o) => o.ms);
const mentions = outcomes.filter((o) => o.via === 'mention');
process.stdout.write(
  `${JSON.stringify({
    scenario: args.scenario,
    interactions: outcomes.length,
    mentions: mentions.length,
    users: nextUser,
    answered: count('answered'),
    throttled: count('throttled'),
    lost: count('lost'),
    lostMentions: mentions.filter((o) => o.outcome === 'lost').length,
    cooldown: `${config.cooldownMaxQuestions} per ${config.cooldownWindowSeconds} s`,
    maxConcurrentQueries: config.maxConcurrentQueries,
    finalReplyMs: { p50: round(percentile(allMs, 50)), p95: round(percentile(allMs, 95)), max: round(Math.max(...allMs)) },
    answeredReplyMs: replyMs(outcomes),
    answeredReplyMsByWay: { ask: replyMs(outcomes.filter((o) => o.via === 'ask')), mention: replyMs(mentions) },
    loadAverage,
    peakRssMb: peakRssMb(),
  })}\n`,
);
