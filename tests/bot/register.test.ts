/**
 * `npm run register` as a user runs it, against the fake Discord: it sends the plain command
 * definitions and loads no model and no index (every module it resolves is recorded).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { commandDefinitions } from '../../src/bot/interactions/index.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { FAKE_APPLICATION_ID, FAKE_GUILD_ID, FAKE_TOKEN, startFakeDiscord, type FakeDiscord } from '../support/fakeDiscord.js';
import { tempFolder } from '../support/tempFolder.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.close();
});

/** Runs a script with tsx, as npm does, recording every module it resolves. */
export async function runScript(
  script: string,
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string; modules: string[] }> {
  const moduleLog = path.join(tempFolder('modules'), 'modules.txt');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', path.join(PROJECT_ROOT, 'tests/support/recordModules.mjs'), path.join(PROJECT_ROOT, script)],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, MODULE_LOG: moduleLog },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const modules = (await readFile(moduleLog, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return { status, stdout, stderr, modules };
}

test('npm run register sends the plain definitions and loads no model and no index', async () => {
  const run = await runScript('scripts/register.ts', {
    DISCORD_TOKEN: FAKE_TOKEN,
    DISCORD_CLIENT_ID: FAKE_APPLICATION_ID,
    DISCORD_GUILD_ID: FAKE_GUILD_ID,
    DISCORD_API_URL: fake.apiUrl,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const names = commandDefinitions.map((definition) => definition.name);
  expect(names).toContain('Find in corpus');
  expect(run.stdout.trim()).toBe(`Registered ${names.length} commands (${names.join(', ')}) for server ${FAKE_GUILD_ID}.`);
  const put = await fake.waitForRequest(
    (r) => r.method === 'PUT' && r.path === `/applications/${FAKE_APPLICATION_ID}/guilds/${FAKE_GUILD_ID}/commands`,
  );
  expect(put.body).toEqual(JSON.parse(JSON.stringify(commandDefinitions)));
  // The recorder works: it saw discord.js and the registration code.
  expect(run.modules.some((url) => url.includes('/node_modules/discord.js/'))).toBe(true);
  expect(run.modules.some((url) => url.endsWith('/src/bot/registerCommands.ts'))).toBe(true);
  const heavy = run.modules.filter((url) =>
    /@xenova\/transformers|onnxruntime|\/vectra\/|\/src\/(embedding|index|answer|retrieval)\//u.test(url),
  );
  expect(heavy).toEqual([]);
}, 30_000);
