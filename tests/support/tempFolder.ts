import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The folders this test file made; `removeTempFoldersAfterEachFile.ts` deletes them when the file ends. */
const made: string[] = [];

/** A fresh folder under the system's temporary folder, removed after the test file that made it. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `verbatim-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempFolders(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
