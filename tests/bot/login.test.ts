/**
 * Logging in when Discord is not there, does not answer, refuses the token or stalls: every
 * failure is bounded in time, names its step and the variable to check, and carries its exit
 * code. All on 127.0.0.1, with short waits set through the config.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocketServer } from 'ws';
import {
  checkDiscordApi,
  connectGateway,
  destroyClient,
  EXIT_DISCORD_UNAVAILABLE,
  LoginError,
  type LoginConfig,
} from '../../src/bot/login.js';
import { createDiscordClient } from '../../src/bot/startBot.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { FAKE_APPLICATION_ID, FAKE_TOKEN, startFakeDiscord, type FakeDiscord } from '../support/fakeDiscord.js';

const TIMEOUT_MS = 300;
const loginConfig = (apiUrl: string, attempts = 3): LoginConfig => ({
  discordToken: FAKE_TOKEN,
  discordApiUrl: apiUrl,
  discordLoginTimeoutMs: TIMEOUT_MS,
  discordLoginAttempts: attempts,
});

function capturedLog() {
  const lines: string[] = [];
  const log = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    }),
  );
  return { log, lines };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<{ error: LoginError; ms: number }> {
  const started = performance.now();
  const error = await promise.then(
    () => {
      throw new Error('expected the login to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoginError);
  return { error: error as LoginError, ms: performance.now() - started };
}

let silent: Server;
const held = new Set<Socket>();
let fake: FakeDiscord;
beforeAll(async () => {
  // Accepts connections and never answers: an API behind a black-holing proxy.
  silent = createServer((socket) => held.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  fake = await startFakeDiscord();
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await fake.close();
});

describe('step 1: reaching the API', () => {
  test('a refused port is retried with backoff, then named with DISCORD_API_URL and exit code 3', async () => {
    const apiUrl = `http://127.0.0.1:${await refusedPort()}/api`;
    const { log, lines } = capturedLog();
    const { error, ms } = await failure(checkDiscordApi(loginConfig(apiUrl), log));
    expect(error.message).toContain(`step 1 (reaching the API at ${apiUrl} (from DISCORD_API_URL))`);
    expect(error.message).toMatch(/connection refused \(ECONNREFUSED\), 3 attempts over [\d.]+ s\. Check DISCORD_API_URL/u);
    expect(error.exitCode).toBe(EXIT_DISCORD_UNAVAILABLE);
    expect(lines.filter((l) => l.includes('trying again in 0.3 s'))).toHaveLength(2);
    // Two waits of 0.3 s between three quick refusals, and no more.
    expect(ms).toBeGreaterThanOrEqual(2 * TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(3000);
  });

  test('a server that never answers is given up on after the configured wait per attempt', async () => {
    const apiUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api`;
    const { error, ms } = await failure(checkDiscordApi(loginConfig(apiUrl, 2), capturedLog().log));
    expect(error.message).toMatch(
      /step 1 .*: no answer within 0\.3 s, 2 attempts .*DISCORD_API_URL .*DISCORD_LOGIN_TIMEOUT_MS sets the wait/u,
    );
    expect(error.exitCode).toBe(EXIT_DISCORD_UNAVAILABLE);
    expect(ms).toBeGreaterThanOrEqual(3 * TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(3000);
  });

  test('a passing 502 is retried; the second answer is used', async () => {
    let failures = 1;
    fake.interceptor = (request, res) => {
      if (request.path !== '/gateway/bot' || failures-- <= 0) return false;
      res.writeHead(502, { 'content-type': 'application/json' }).end('{"message":"Bad Gateway","code":0}');
      return true;
    };
    const before = fake.requests.length;
    const gateway = await checkDiscordApi(loginConfig(fake.apiUrl), capturedLog().log);
    expect(gateway.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/u);
    expect(gateway).toMatchObject({ shards: 1, maxConcurrency: 1 });
    expect(fake.requests.slice(before).filter((r) => r.path === '/gateway/bot')).toHaveLength(2);
    fake.interceptor = undefined;
  });
});

describe('step 2: the token', () => {
  test('a refused token is not retried and names DISCORD_TOKEN, exit code 1', async () => {
    fake.interceptor = (request, res) => {
      if (request.path !== '/gateway/bot') return false;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"401: Unauthorized","code":0}');
      return true;
    };
    const before = fake.requests.length;
    const { error } = await failure(checkDiscordApi(loginConfig(fake.apiUrl), capturedLog().log));
    fake.interceptor = undefined;
    expect(error.message).toMatch(/step 2 \(the token\): .* refused the token with HTTP 401\. Check DISCORD_TOKEN/u);
    expect(error.message).not.toContain(FAKE_TOKEN);
    expect(error.exitCode).toBe(1);
    expect(fake.requests.slice(before)).toHaveLength(1);
  });
});

describe('step 3: the gateway', () => {
  test('a gateway that never says hello is given up on after the configured wait', async () => {
    const mute = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => mute.once('listening', resolve));
    const gatewayUrl = `ws://127.0.0.1:${(mute.address() as AddressInfo).port}`;
    fake.interceptor = (request, res) => {
      if (request.path !== '/gateway/bot') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          url: gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        }),
      );
      return true;
    };
    const config = loginConfig(fake.apiUrl);
    const client = createDiscordClient(config);
    const { error, ms } = await failure(connectGateway(client, config, gatewayUrl));
    fake.interceptor = undefined;
    await destroyClient(client);
    for (const socket of mute.clients) socket.terminate();
    mute.close();
    expect(error.message).toContain(
      `step 3 (the gateway ${gatewayUrl}): not ready within 0.3 s, though the API at ${fake.apiUrl} (from DISCORD_API_URL) answered`,
    );
    expect(error.exitCode).toBe(EXIT_DISCORD_UNAVAILABLE);
    expect(ms).toBeLessThan(2000);
  });
});

test('npm start against a refused port: the first log line names the API, the last line the step, exit code 3, no index built', async () => {
  const apiUrl = `http://127.0.0.1:${await refusedPort()}/api`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/start.ts')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_CLIENT_ID: FAKE_APPLICATION_ID,
      DISCORD_API_URL: apiUrl,
      DISCORD_LOGIN_TIMEOUT_MS: String(TIMEOUT_MS),
      DISCORD_LOGIN_ATTEMPTS: '2',
      INDEX_DIR: path.join(PROJECT_ROOT, 'no-such-dir-would-be-built'),
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines = stderr.trim().split('\n');
  expect(status).toBe(3);
  expect((JSON.parse(lines[0] as string) as { msg: string }).msg).toBe(
    `Connecting to the Discord API at ${apiUrl} (from DISCORD_API_URL).`,
  );
  expect(lines.at(-1)).toMatch(/^Error: Logging in to Discord failed at step 1 .*ECONNREFUSED.*Check DISCORD_API_URL/u);
  expect(stderr).not.toContain('Building');
}, 30_000);
