/**
 * Members are stored only as a keyed hash of their Discord id (HMAC-SHA256, first 128 bits):
 * enough to keep one vote per member per answer and to count distinct askers, never the id.
 * Discord ids can be enumerated, so the key is what keeps a hash from being matched to a
 * member: it comes from USER_HASH_SALT, or is generated once and kept beside the database
 * (readable by the bot's user only). Changing it makes earlier hashes unmatchable.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SALT_FILE = 'user-hash.key';

export type UserHasher = (userId: string) => string;

export function createUserHasher(salt: string): UserHasher {
  return (userId) => createHmac('sha256', salt).update(userId).digest().subarray(0, 16).toString('base64url');
}

/** The configured salt, else the one stored in `dataDir` (created on first use). */
export function loadOrCreateSalt(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(dataDir, SALT_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const salt = randomBytes(32).toString('base64url');
  // 'wx': if two processes start at once, the second fails here instead of overwriting the first's key.
  try {
    writeFileSync(file, `${salt}\n`, { mode: 0o600, flag: 'wx' });
    return salt;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
