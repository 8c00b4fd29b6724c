import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

test('npm start without a token exits 1 with one line naming the variable', () => {
  // Empty values count as unset and override any developer .env (dotenv never overrides the environment).
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/start.ts')], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', DISCORD_API_URL: 'http://127.0.0.1:9/api' },
  });
  expect(run.status).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/DISCORD_TOKEN is missing.*\.env\.example.*npm run ask/u);
});
