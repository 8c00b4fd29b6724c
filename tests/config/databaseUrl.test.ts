import { describe, expect, it } from 'vitest';
import { ConfigError, loadCoreConfig } from '../../src/config.js';

const PASSWORD = 'Pa55-never-shown';

describe('DATABASE_URL', () => {
  it('selects a PostgreSQL database when set, and the file index when not', () => {
    const url = `postgres://verbatim:${PASSWORD}@db.internal:5432/verbatim`;
    expect(loadCoreConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadCoreConfig({ DATABASE_URL: 'postgresql://db.internal/verbatim' }).databaseUrl).toBe('postgresql://db.internal/verbatim');
    expect(loadCoreConfig({}).databaseUrl).toBeUndefined();
    expect(loadCoreConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('refuses what is not a PostgreSQL URL, naming the variable and never repeating the password', () => {
    for (const wrong of [
      `mysql://verbatim:${PASSWORD}@db.internal/verbatim`,
      `verbatim:${PASSWORD}@db.internal`,
      `postgres://:${PASSWORD}@/x`,
    ]) {
      let message = '';
      try {
        loadCoreConfig({ DATABASE_URL: wrong });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/^Invalid configuration: DATABASE_URL must be a PostgreSQL URL/u);
      expect(message).not.toContain(PASSWORD);
    }
  });
});
