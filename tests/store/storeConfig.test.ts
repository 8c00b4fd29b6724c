import path from 'node:path';
import { expect, test } from 'vitest';
import { loadBotConfig, PROJECT_ROOT } from '../../src/config.js';
import { FAKE_APPLICATION_ID, FAKE_TOKEN } from '../support/fakeDiscord.js';

const required = { DISCORD_TOKEN: FAKE_TOKEN, DISCORD_CLIENT_ID: FAKE_APPLICATION_ID };

test('what the bot records: defaults, and a wrong value named at start-up', () => {
  const defaults = loadBotConfig(required);
  // Changes from Discord reach only the server's own articles, so they are on unless turned off.
  expect(defaults).toMatchObject({
    dataDir: path.join(PROJECT_ROOT, 'data'),
    retentionDays: 90,
    allowPrivateUrls: false,
    corpusChangesFromDiscord: true,
    corpusScope: 'both',
    maxServerIndexes: 50,
  });
  expect(loadBotConfig({ ...required, CORPUS_CHANGES_FROM_DISCORD: 'off' }).corpusChangesFromDiscord).toBe(false);
  expect(() => loadBotConfig({ ...required, CORPUS_CHANGES_FROM_DISCORD: 'true' })).toThrow(
    /CORPUS_CHANGES_FROM_DISCORD must be off or on/u,
  );
  expect(loadBotConfig({ ...required, CORPUS_SCOPE: 'server', MAX_SERVER_INDEXES: '3' })).toMatchObject({
    corpusScope: 'server',
    maxServerIndexes: 3,
  });
  expect(() => loadBotConfig({ ...required, CORPUS_SCOPE: 'all' })).toThrow(/CORPUS_SCOPE must be base, server or both/u);
  expect(() => loadBotConfig({ ...required, MAX_SERVER_INDEXES: '0' })).toThrow(/MAX_SERVER_INDEXES/u);
  expect(defaults.userHashSalt).toBeUndefined();
  expect(defaults.moderatorsChannelId).toBeUndefined();
  expect(
    loadBotConfig({ ...required, RETENTION_DAYS: '30', ALLOW_PRIVATE_URLS: 'true', MODERATORS_CHANNEL_ID: '600000000000000006' }),
  ).toMatchObject({
    retentionDays: 30,
    allowPrivateUrls: true,
    moderatorsChannelId: '600000000000000006',
  });
  expect(() => loadBotConfig({ ...required, RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS/u);
  expect(() => loadBotConfig({ ...required, MODERATORS_CHANNEL_ID: '#moderators' })).toThrow(
    /MODERATORS_CHANNEL_ID must be a numeric channel id/u,
  );
  expect(() => loadBotConfig({ ...required, USER_HASH_SALT: 'short' })).toThrow(/USER_HASH_SALT must be at least 16 characters/u);
  expect(() => loadBotConfig({ ...required, ALLOW_PRIVATE_URLS: 'yes' })).toThrow(/ALLOW_PRIVATE_URLS must be true or false/u);
});

test('the shared database and shards: DATABASE_URL must be a PostgreSQL URL (the password never shown), SHARDS auto or a positive number up to 64, with USER_HASH_SALT', () => {
  const url = 'postgres://verbatim:s3cret-password@db.internal:5432/verbatim';
  const salt = 'a-salt-of-sixteen-characters-or-more';
  expect(loadBotConfig(required).databaseUrl).toBeUndefined();
  expect(loadBotConfig(required)).toMatchObject({ shards: undefined, generationPollMs: 5000, runsAsShard: false });
  expect(loadBotConfig({ ...required, DATABASE_URL: url, USER_HASH_SALT: salt, SHARDS: 'auto', GENERATION_POLL_MS: '250' })).toMatchObject({
    databaseUrl: url,
    shards: 'auto',
    generationPollMs: 250,
  });
  expect(
    loadBotConfig({ ...required, DATABASE_URL: url.replace('postgres:', 'postgresql:'), USER_HASH_SALT: salt, SHARDS: '4' }).shards,
  ).toBe(4);
  expect(loadBotConfig({ ...required, DATABASE_URL: url, USER_HASH_SALT: salt, SHARDS: '64' }).shards).toBe(64);
  expect(() => loadBotConfig({ ...required, DATABASE_URL: url, USER_HASH_SALT: salt, SHARDS: '65' })).toThrow(/SHARDS must be at most 64/u);
  // Per-DATA_DIR keys would let a member vote once per machine.
  expect(() => loadBotConfig({ ...required, DATABASE_URL: url, SHARDS: '2' })).toThrow(/SHARDS needs USER_HASH_SALT/u);
  const wrongScheme = () => loadBotConfig({ ...required, DATABASE_URL: 'mysql://verbatim:s3cret-password@db.internal/verbatim' });
  expect(wrongScheme).toThrow(/DATABASE_URL must be a PostgreSQL URL/u);
  expect(wrongScheme).not.toThrow(/s3cret/u);
  for (const shards of ['0', '-1', '2.5', 'many']) {
    expect(() => loadBotConfig({ ...required, DATABASE_URL: url, USER_HASH_SALT: salt, SHARDS: shards }), shards).toThrow(
      /SHARDS must be auto or a positive whole number/u,
    );
  }
  expect(() => loadBotConfig({ ...required, SHARDS: '2' })).toThrow(/SHARDS needs DATABASE_URL/u);
  expect(() => loadBotConfig({ ...required, GENERATION_POLL_MS: '0' })).toThrow(/GENERATION_POLL_MS/u);
  // In a shard's process, SHARDS is discord.js's shard id (0 included), not the operator's setting.
  expect(loadBotConfig({ ...required, DATABASE_URL: url, SHARDING_MANAGER: 'true', SHARDS: '0', SHARD_COUNT: '2' })).toMatchObject({
    shards: undefined,
    runsAsShard: true,
  });
});
