import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes a file so that readers see either the old content or the new, never a torn one:
 * the data goes to a temporary sibling, is flushed to disk, and is renamed over the target.
 */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const tmpPath = `${filePath}.tmp-${process.pid}-${Date.now()}`;
  const handle = await open(tmpPath, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tmpPath, { force: true });
    throw error;
  }
  await handle.close();
  await rename(tmpPath, filePath);
}
