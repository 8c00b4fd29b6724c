/**
 * The real bot on a temporary copy of the corpus, logged in to a fake Discord on 127.0.0.1:
 * what the end-to-end bot tests share (start-up, users, and reading the payloads sent).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { APIEmbed } from 'discord.js';
import { startBot, type RunningBot } from '../../src/bot/startBot.js';
import { loadBotConfig, type BotConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { createLogger } from '../../src/log.js';
import { FAKE_APPLICATION_ID, FAKE_TOKEN, startFakeDiscord, type FakeDiscord, type FakeUser, type RecordedRequest } from './fakeDiscord.js';
import { copySeedCorpus } from './seedCorpus.js';
import { tempCorpusConfig } from './testConfig.js';

export interface BotHarness {
  fake: FakeDiscord;
  bot: RunningBot;
  config: BotConfig;
  logLines: string[];
  stop(): Promise<void>;
}

/**
 * The bot over a copy of the ingested seed corpus, or over the corpus plus `extraArticles`
 * (file name → text) ingested afresh, started against a fresh fake Discord. Afresh, not added to
 * the copy: an added article gets a segment of its own, whose BM25 statistics rank differently.
 */
export async function startBotHarness(extraArticles: Record<string, string> = {}, env: Record<string, string> = {}): Promise<BotHarness> {
  const extra = Object.entries(extraArticles);
  const core = extra.length > 0 ? await tempCorpusConfig() : (await copySeedCorpus()).config;
  if (extra.length > 0) {
    for (const [file, text] of extra) await writeFile(path.join(core.corpusDir, file), text);
    const embedder = await createEmbedder({ model: core.embeddingModel, cacheDir: core.modelCacheDir, hubTimeoutMs: 100 });
    await ingestCorpus({ corpusDir: core.corpusDir, indexDir: core.indexDir, projectRoot: path.dirname(core.corpusDir), embedder });
  }
  const fake = await startFakeDiscord();
  const fromEnv = loadBotConfig({
    DISCORD_TOKEN: FAKE_TOKEN,
    DISCORD_CLIENT_ID: FAKE_APPLICATION_ID,
    DISCORD_API_URL: fake.apiUrl,
    ...env,
  });
  // The temporary folders and offline model replace the defaults; ALLOW_PRIVATE_URLS (a core setting) still comes from `env`.
  const config = { ...fromEnv, ...core, allowPrivateUrls: fromEnv.allowPrivateUrls };
  const logLines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const bot = await startBot(config, { log: createLogger('info', logStream), reloadPollMs: 100 });
  return {
    fake,
    bot,
    config,
    logLines,
    async stop() {
      await bot.stop(1000);
      await fake.close();
    },
  };
}

let userCounter = 0;
export const newUser = (): FakeUser => ({
  id: String(700_000_000_000_000_000n + BigInt((userCounter += 1))),
  username: `reader${userCounter}`,
});

export const EPHEMERAL = 64;

export const isCallback = (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith('/callback');
export const callbackType = (r: RecordedRequest) => (r.body as { type: number }).type;

export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: Array<{ components: Array<{ custom_id: string; label: string }> }>;
  flags?: number;
  allowed_mentions?: unknown;
  message_reference?: { message_id: string };
  choices?: Array<{ name: string; value: string }>;
}

/** The message a request carries: an interaction callback's `data`, or the body itself. */
export const messageBody = (r: RecordedRequest) => (isCallback(r) ? (r.body as { data: MessageBody }).data : r.body) as MessageBody;

/** Dispatches an interaction and resolves with the request that carries its final message. */
export async function interact(
  fake: FakeDiscord,
  interaction: { id: string; token: string } & Record<string, unknown>,
): Promise<RecordedRequest> {
  fake.dispatch(interaction);
  return fake.waitForRequest(
    (r) =>
      r.path.includes(interaction.token) &&
      ((r.method === 'PATCH' && r.path.endsWith('/messages/@original')) ||
        (isCallback(r) && callbackType(r) !== 5 && callbackType(r) !== 6)),
  );
}

/** The button labelled `label` in a message body. */
export function button(body: MessageBody, label: string): { custom_id: string; label: string } | undefined {
  return body.components?.flatMap((row) => row.components).find((c) => c.label === label);
}
