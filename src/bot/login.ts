/**
 * Logging in to Discord so that a failure can be diagnosed: the API is checked first (one
 * `GET /gateway/bot`, which both proves the network path and checks the token), transient
 * network failures are retried with doubling waits, every wait is bounded, and every failure
 * names the step that failed and the variable to check. Failures carry the process exit code:
 * `EXIT_DISCORD_UNAVAILABLE` (3) when Discord could not be reached or did not answer, which a
 * supervisor may retry later, and 1 when a setting must be fixed first (the token).
 */
import { DiscordAPIError, Events, HTTPError, REST, Routes, type Client, type RESTGetAPIGatewayBotResult } from 'discord.js';
import type { BotConfig } from '../config.js';
import type { Logger } from '../log.js';

export const DEFAULT_DISCORD_API = 'https://discord.com/api';
export const EXIT_DISCORD_UNAVAILABLE = 3;
export const EXIT_SETTING_WRONG = 1;

export class LoginError extends Error {
  override name = 'LoginError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export type LoginConfig = Pick<BotConfig, 'discordToken' | 'discordApiUrl' | 'discordLoginTimeoutMs' | 'discordLoginAttempts'>;

export const discordApiUrl = (config: Pick<BotConfig, 'discordApiUrl'>) => config.discordApiUrl ?? DEFAULT_DISCORD_API;

/** How the API URL was chosen, for the first log line and every message about it. */
export function describeApi(config: Pick<BotConfig, 'discordApiUrl'>): string {
  return config.discordApiUrl
    ? `${config.discordApiUrl} (from DISCORD_API_URL)`
    : `${DEFAULT_DISCORD_API} (the default; DISCORD_API_URL overrides it)`;
}

/** Network error codes that may clear up on their own. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

type Failure = { transient: boolean; what: string; timedOut: boolean };

function errorCode(error: unknown): string | undefined {
  const seen = error as { code?: unknown; cause?: { code?: unknown } };
  const code = seen?.code ?? seen?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

function classify(error: unknown, timeoutMs: number): Failure {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    return { transient: error.status >= 500, what: `Discord answered HTTP ${error.status}`, timedOut: false };
  }
  if ((error as Error)?.name === 'AbortError') return { transient: true, what: `no answer within ${seconds(timeoutMs)}`, timedOut: true };
  const code = errorCode(error);
  if (code === 'ENOTFOUND') return { transient: false, what: 'the host name does not resolve (ENOTFOUND)', timedOut: false };
  if (code && TRANSIENT_CODES.has(code))
    return {
      transient: true,
      what: code === 'ECONNREFUSED' ? 'connection refused (ECONNREFUSED)' : `network error ${code}`,
      timedOut: false,
    };
  return { transient: false, what: (error as Error)?.message ?? String(error), timedOut: false };
}

const seconds = (ms: number) => `${ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits between attempts: doubling from 1 s, never longer than one attempt's timeout. */
export const backoffMs = (attempt: number, timeoutMs: number) => Math.min(1000 * 2 ** (attempt - 1), timeoutMs);

/** What `GET /gateway/bot` says: where the gateway is, how many shards Discord recommends, and how many may log in per 5 s. */
export interface GatewayInfo {
  url: string;
  shards: number;
  maxConcurrency: number;
}

/**
 * Step 1 and 2 of logging in: reach the API and have it accept the token. Returns the gateway
 * Discord gave. Transient failures are retried `discordLoginAttempts` times in all.
 */
export async function checkDiscordApi(config: LoginConfig, log: Logger): Promise<GatewayInfo> {
  const rest = new REST({ api: discordApiUrl(config), timeout: config.discordLoginTimeoutMs, retries: 0 }).setToken(config.discordToken);
  const started = performance.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { url, shards, session_start_limit } = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
      return { url, shards, maxConcurrency: session_start_limit.max_concurrency };
    } catch (error) {
      if (error instanceof DiscordAPIError && (error.status === 401 || error.status === 403)) {
        throw new LoginError(
          `Logging in to Discord failed at step 2 (the token): the API at ` +
            `${describeApi(config)} refused the token with HTTP ${error.status}. ` +
            'Check DISCORD_TOKEN: copy the bot token again from the Developer Portal (Bot → Reset Token).',
          EXIT_SETTING_WRONG,
        );
      }
      const failure = classify(error, config.discordLoginTimeoutMs);
      if (failure.transient && attempt < config.discordLoginAttempts) {
        const wait = backoffMs(attempt, config.discordLoginTimeoutMs);
        log.warn(
          `Discord API at ${discordApiUrl(config)}: ${failure.what}; attempt ${attempt} ` +
            `of ${config.discordLoginAttempts}, trying again in ${seconds(wait)}.`,
        );
        await sleep(wait);
        continue;
      }
      const tries = `${attempt} attempt${attempt === 1 ? '' : 's'} over ${seconds(performance.now() - started)}`;
      const hint = failure.timedOut
        ? 'Check DISCORD_API_URL and the network (a proxy or firewall may ' +
          'hold the connection open); DISCORD_LOGIN_TIMEOUT_MS sets the wait.'
        : 'Check DISCORD_API_URL (leave it unset for Discord itself) and that this machine can reach it.';
      throw new LoginError(
        `Logging in to Discord failed at step 1 (reaching the API at ${describeApi(config)}): ${failure.what}, ${tries}. ${hint}`,
        failure.transient || failure.timedOut ? EXIT_DISCORD_UNAVAILABLE : EXIT_SETTING_WRONG,
      );
    }
  }
}

/**
 * Destroys a client without waiting long: a client still connecting to a stalled gateway
 * settles its `destroy()` only when its own hello timeout runs out.
 */
export async function destroyClient(client: Client, withinMs = 1000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.destroy().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, withinMs)))]);
  clearTimeout(timer);
}

/** Step 3: the gateway connection, bounded by the login timeout. Resolves once the client is ready. */
export async function connectGateway(client: Client, config: LoginConfig, gatewayUrl: string): Promise<Client<true>> {
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LoginError(
            `Logging in to Discord failed at step 3 (the gateway ${gatewayUrl}): not ready within ` +
              `${seconds(config.discordLoginTimeoutMs)}, though the API at ${describeApi(config)} answered. ` +
              'Check that the network allows WebSocket connections to it; DISCORD_LOGIN_TIMEOUT_MS sets the wait.',
            EXIT_DISCORD_UNAVAILABLE,
          ),
        ),
      config.discordLoginTimeoutMs,
    );
  });
  try {
    return await Promise.race([client.login(config.discordToken).then(() => ready), timeout]);
  } catch (error) {
    if (error instanceof LoginError) throw error;
    const { what } = classify(error, config.discordLoginTimeoutMs);
    throw new LoginError(
      `Logging in to Discord failed at step 3 (the gateway ${gatewayUrl}): ${what}. Check DISCORD_TOKEN and DISCORD_API_URL.`,
      EXIT_DISCORD_UNAVAILABLE,
    );
  } finally {
    clearTimeout(timer);
  }
}
