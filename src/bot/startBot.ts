/**
 * Bot start-up: check that Discord answers and accepts the token (see `login.ts`), load the
 * index and the model once (watching for re-ingests), then connect to the gateway with the
 * `Guilds` and `GuildMessages` intents (no privileged intent: Discord gives a bot the content
 * of messages that mention it without Message Content). `stop()` lets in-flight replies finish
 * (up to a deadline) before the client is destroyed.
 */
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { watchEngine } from '../answer/openEngine.js';
import type { BotConfig } from '../config.js';
import type { Logger } from '../log.js';
import { serverCorpusChanges } from '../corpusAdmin/serverCorpusChanges.js';
import { scheduleRetention } from '../store/retention.js';
import { openQuestionStore } from '../store/openQuestionStore.js';
import { createUserHasher, loadOrCreateSalt } from '../store/userHash.js';
import { createAnswerSessions } from './components/answerSessions.js';
import { createConcurrencyLimit } from './concurrency.js';
import { createPrivateResults } from './components/privateResults.js';
import type { BotContext } from './context.js';
import { createCooldown } from './cooldown.js';
import { handleInteraction } from './handleInteraction.js';
import { checkDiscordApi, connectGateway, describeApi, destroyClient } from './login.js';
import { handleMessage, isAddressedToBot } from './messages/handleMessage.js';
import { NO_MENTIONS, sendReply } from './reply.js';
import { shardOfServer } from './shardOfServer.js';
import { createThreadHistories } from './threads/threadHistories.js';

export interface RunningBot {
  client: Client<true>;
  ctx: BotContext;
  /** Stops taking interactions, waits for those in flight (at most `deadlineMs`), disconnects. */
  stop(deadlineMs?: number): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  /** How often to look for a re-ingested index, in ms. */
  reloadPollMs?: number;
  /**
   * Runs once Discord has accepted the token and before the index is loaded (`npm start`
   * builds a missing index here), so a wrong token or URL fails in seconds, not after an ingest.
   */
  prepareIndex?: () => Promise<void>;
}

export const SHUTTING_DOWN_NOTICE = 'Verbatim is restarting; please ask again in a minute.';

export function createDiscordClient(config: Pick<BotConfig, 'discordApiUrl'>): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    // Belt and braces: the reply helper sets this on every message too.
    allowedMentions: NO_MENTIONS,
    ...(config.discordApiUrl ? { rest: { api: config.discordApiUrl } } : {}),
  });
}

export async function startBot(config: BotConfig, options: StartOptions): Promise<RunningBot> {
  const { log } = options;
  log.info(`Connecting to the Discord API at ${describeApi(config)}.`);
  const { url: gatewayUrl } = await checkDiscordApi(config, log);
  await options.prepareIndex?.();
  const engineSource = await watchEngine(config, {
    log: { info: (message) => log.info(message), warn: (message) => log.warn(message), error: (message) => log.error(message) },
    pollMs: options.reloadPollMs,
  });
  const store = await openQuestionStore(config);
  const stopRetention = await scheduleRetention(store, config.retentionDays, log);
  const ctx: BotContext = {
    engineSource,
    cooldown: createCooldown({ max: config.cooldownMaxQuestions, windowMs: config.cooldownWindowSeconds * 1000 }),
    questionLimit: createConcurrencyLimit(config.maxConcurrentQueries),
    sessions: createAnswerSessions(),
    privateResults: createPrivateResults(),
    threads: createThreadHistories(),
    answerInThreads: config.answerInThreads,
    log,
    store,
    hashUser: createUserHasher(loadOrCreateSalt(config.dataDir, config.userHashSalt)),
    moderatorsChannelId: config.moderatorsChannelId,
    corpus: serverCorpusChanges({ ...config, engines: engineSource, log: (message) => log.info(message) }),
    corpusChangesFromDiscord: config.corpusChangesFromDiscord,
  };
  const closeStores = async () => {
    stopRetention();
    await engineSource.close();
    await store.close();
  };

  const client = createDiscordClient(config);
  // A corpus change cut off by a crash is finished in the background, ahead of any new one: as a
  // shard, only for the servers it owns, so shards sharing DATA_DIR do not replay a journal together.
  const shards = client.shard;
  const ownsServer = (guildId: string) => !shards || shards.ids.includes(shardOfServer(guildId, shards.count));
  ctx.corpus
    .recoverAll(ownsServer)
    .catch((error: unknown) => log.error({ err: error }, 'Could not finish the corpus change left by a crash'));
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (stopping) {
      if (interaction.isRepliable()) void sendReply(interaction, { content: SHUTTING_DOWN_NOTICE, ephemeral: true }).catch(() => undefined);
      return;
    }
    const work = handleInteraction(interaction, ctx).finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  client.on(Events.MessageCreate, (message) => {
    // Shutting down: a mention is left unanswered (there is no private way to say so).
    if (stopping || !isAddressedToBot(message)) return;
    const work = handleMessage(message, ctx).finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  client.on(Events.Error, (error) => log.error({ err: error }, 'Discord client error'));

  let readyClient: Client<true>;
  try {
    readyClient = await connectGateway(client, config, gatewayUrl);
  } catch (error) {
    await closeStores();
    await destroyClient(client);
    throw error;
  }
  const { stats } = engineSource.current();
  log.info(`Ready as ${readyClient.user.tag}: ${stats.articles} articles, ${stats.passages} passages (model ${stats.model}).`);

  return {
    client: readyClient,
    ctx,
    async stop(deadlineMs = 5000) {
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadlineMs);
      });
      await Promise.race([Promise.allSettled([...inFlight]), deadline]);
      clearTimeout(timer);
      await closeStores();
      await client.destroy();
    },
  };
}
