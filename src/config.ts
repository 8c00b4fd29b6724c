/**
 * The one place configuration is read: environment variables (and `.env`, via dotenv),
 * validated at start-up so a wrong value fails with a message naming the variable.
 */
import 'dotenv/config';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The project root: paths in citations and defaults are relative to it. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A postgres:// (or postgresql://) URL with a host; the message never repeats the value, which holds a password. */
const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must be a PostgreSQL URL such as postgres://user:password@host:5432/verbatim');

const coreSchema = z.object({
  CORPUS_DIR: z.string().min(1).default('corpus'),
  INDEX_DIR: z.string().min(1).default('data/index'),
  DATA_DIR: z.string().min(1).default('data'),
  MODEL_CACHE_DIR: z.string().min(1).default('.cache/models'),
  EMBEDDING_MODEL: z.string().min(1).default('auto'),
  HUB_TIMEOUT_MS: positiveInt(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ALLOW_PRIVATE_URLS: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  CORPUS_SCOPE: z.enum(['base', 'server', 'both'], { message: 'must be base, server or both' }).default('both'),
  MAX_SERVER_INDEXES: positiveInt(50),
  DATABASE_URL: postgresUrl.optional(),
  GENERATION_POLL_MS: positiveInt(5000),
});

/** The largest SHARDS a number may ask for (`auto` is not capped). */
export const MAX_SHARDS = 64;

const botSchema = z.object({
  DISCORD_TOKEN: z
    .string({ required_error: 'is missing' })
    .regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/, 'does not look like a bot token (three dot-separated parts)'),
  DISCORD_CLIENT_ID: z.string({ required_error: 'is missing' }).regex(/^\d{17,20}$/, 'must be the numeric application id'),
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{17,20}$/, 'must be a numeric server id')
    .optional(),
  DISCORD_API_URL: z.string().url('must be a URL such as https://discord.com/api').optional(),
  COOLDOWN_MAX_QUESTIONS: positiveInt(5),
  COOLDOWN_WINDOW_SECONDS: positiveInt(30),
  MAX_CONCURRENT_QUERIES: positiveInt(4),
  DISCORD_LOGIN_TIMEOUT_MS: positiveInt(30_000),
  DISCORD_LOGIN_ATTEMPTS: positiveInt(4),
  ANSWER_IN_THREADS: z
    .string()
    .regex(/^(all|\d{17,20}(\s*,\s*\d{17,20})*)$/u, 'must be "all" or a comma-separated list of numeric server ids')
    .optional(),
  RETENTION_DAYS: positiveInt(90),
  USER_HASH_SALT: z.string().min(16, 'must be at least 16 characters (or unset, to generate one in DATA_DIR)').optional(),
  MODERATORS_CHANNEL_ID: z
    .string()
    .regex(/^\d{17,20}$/, 'must be a numeric channel id')
    .optional(),
  CORPUS_CHANGES_FROM_DISCORD: z.enum(['off', 'on'], { message: 'must be off or on' }).default('on'),
  SHARDS: z
    .string()
    .regex(/^(auto|[1-9]\d*)$/u, 'must be auto or a positive whole number')
    // Each shard is a process loading the index and the model: a typo (400 for 4) would start
    // hundreds on one machine. Bots that need more set auto, which trusts Discord's count.
    .refine((value) => value === 'auto' || Number(value) <= MAX_SHARDS, `must be at most ${MAX_SHARDS} (or auto)`)
    .optional(),
});

export interface CoreConfig {
  corpusDir: string;
  indexDir: string;
  /** Where the question database (and the generated user-hash key) live. */
  dataDir: string;
  modelCacheDir: string;
  embeddingModel: string;
  hubTimeoutMs: number;
  logLevel: z.infer<typeof coreSchema>['LOG_LEVEL'];
  /** Lets `/corpus add url:` and `ingest --url` fetch from loopback and private networks. */
  allowPrivateUrls: boolean;
  /** What a server's questions are answered from: the operator's corpus, the server's own articles, or both. */
  corpusScope: 'base' | 'server' | 'both';
  /** Servers' own indexes kept in memory at once (least recently asked unloaded first). */
  maxServerIndexes: number;
  /** Set: passages are ingested into and read from this PostgreSQL (docs/postgres.md) instead of the file index. Holds a password: never logged. */
  databaseUrl?: string;
  /** How often a process reads the generation row where notifications do not reach it. */
  generationPollMs: number;
}

export interface BotConfig extends CoreConfig {
  discordToken: string;
  discordClientId: string;
  discordGuildId?: string;
  discordApiUrl?: string;
  cooldownMaxQuestions: number;
  cooldownWindowSeconds: number;
  maxConcurrentQueries: number;
  /** One attempt's wait at each login step, and the cap on the waits between attempts. */
  discordLoginTimeoutMs: number;
  /** Attempts at reaching the Discord API when the failure may be transient (network, timeout, 5xx). */
  discordLoginAttempts: number;
  /** Servers where every answer opens a thread (`'all'`, or their ids). */
  answerInThreads: 'all' | string[];
  retentionDays: number;
  userHashSalt?: string;
  /** Where "Send to moderators" posts; unset: the button is not offered. */
  moderatorsChannelId?: string;
  /**
   * Whether `/corpus add` and `remove` may change a server's own articles. On by default: they
   * reach that server's corpus only, never the operator's base or another server's.
   */
  corpusChangesFromDiscord: boolean;
  /** Run as this many shard processes (`'auto'`: as many as Discord recommends); unset: one process. */
  shards?: 'auto' | number;
  /** This process is one shard, started by the sharding manager of `npm start`. */
  runsAsShard: boolean;
}

type Env = Record<string, string | undefined>;

function parseOrExplain<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, env: Env): T {
  // `VAR=` in .env means "not set": let the default apply instead of coercing '' to 0.
  const setVariables = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const result = schema.safeParse(setVariables);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  throw new ConfigError(
    `Invalid configuration: ${lines.join('; ')}. See .env.example for every variable` +
      ' (try the corpus without Discord: npm run ask -- "your question").',
  );
}

const resolveFromRoot = (p: string) => path.resolve(PROJECT_ROOT, p);

export function loadCoreConfig(env: Env = process.env): CoreConfig {
  const c = parseOrExplain(coreSchema, env);
  return {
    corpusDir: resolveFromRoot(c.CORPUS_DIR),
    indexDir: resolveFromRoot(c.INDEX_DIR),
    dataDir: resolveFromRoot(c.DATA_DIR),
    modelCacheDir: resolveFromRoot(c.MODEL_CACHE_DIR),
    embeddingModel: c.EMBEDDING_MODEL,
    hubTimeoutMs: c.HUB_TIMEOUT_MS,
    logLevel: c.LOG_LEVEL,
    allowPrivateUrls: c.ALLOW_PRIVATE_URLS === 'true',
    corpusScope: c.CORPUS_SCOPE,
    maxServerIndexes: c.MAX_SERVER_INDEXES,
    ...(c.DATABASE_URL ? { databaseUrl: c.DATABASE_URL } : {}),
    generationPollMs: c.GENERATION_POLL_MS,
  };
}

export function loadBotConfig(env: Env = process.env): BotConfig {
  const core = loadCoreConfig(env);
  // In a shard's process discord.js's ShardingManager sets SHARDING_MANAGER, and SHARDS to the
  // shard's id (its Client reads it): not the operator's SHARDS.
  const runsAsShard = env.SHARDING_MANAGER === 'true';
  const b = parseOrExplain(botSchema, runsAsShard ? { ...env, SHARDS: undefined } : env);
  if (b.SHARDS !== undefined && core.databaseUrl === undefined) {
    throw new ConfigError(
      'Invalid configuration: SHARDS needs DATABASE_URL. Each shard is a separate process, and they must share one ' +
        'question store and one index; the SQLite file and the file index belong to one process. See docs/shards.md.',
    );
  }
  if (b.SHARDS !== undefined && b.USER_HASH_SALT === undefined) {
    throw new ConfigError(
      'Invalid configuration: SHARDS needs USER_HASH_SALT. Without it each DATA_DIR generates its own key, so shards on ' +
        'several machines would hash a member differently and let them vote twice. See docs/shards.md.',
    );
  }
  return {
    ...core,
    discordToken: b.DISCORD_TOKEN,
    discordClientId: b.DISCORD_CLIENT_ID,
    discordGuildId: b.DISCORD_GUILD_ID,
    discordApiUrl: b.DISCORD_API_URL,
    cooldownMaxQuestions: b.COOLDOWN_MAX_QUESTIONS,
    cooldownWindowSeconds: b.COOLDOWN_WINDOW_SECONDS,
    maxConcurrentQueries: b.MAX_CONCURRENT_QUERIES,
    discordLoginTimeoutMs: b.DISCORD_LOGIN_TIMEOUT_MS,
    discordLoginAttempts: b.DISCORD_LOGIN_ATTEMPTS,
    answerInThreads: b.ANSWER_IN_THREADS === 'all' ? 'all' : (b.ANSWER_IN_THREADS?.split(',').map((id) => id.trim()) ?? []),
    retentionDays: b.RETENTION_DAYS,
    userHashSalt: b.USER_HASH_SALT,
    moderatorsChannelId: b.MODERATORS_CHANNEL_ID,
    corpusChangesFromDiscord: b.CORPUS_CHANGES_FROM_DISCORD === 'on',
    shards: b.SHARDS === undefined || b.SHARDS === 'auto' ? b.SHARDS : Number(b.SHARDS),
    runsAsShard,
  };
}
