/**
 * Downloads an attachment Discord stores for us, refusing more than `maxBytes` as it streams
 * (a wrong `size` from the client cannot make the bot hold a larger file), within a time limit.
 */
export class DownloadError extends Error {
  override name = 'DownloadError';
}

const DOWNLOAD_TIMEOUT_MS = 30_000;

export async function downloadAttachment(url: string, maxBytes: number): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'error' });
  } catch {
    throw new DownloadError('The attachment could not be downloaded from Discord; please try again.');
  }
  if (!response.ok || !response.body) throw new DownloadError(`Discord answered ${response.status} for the attachment; please try again.`);
  const chunks: Buffer[] = [];
  let total = 0;
  // A fetch body is a stream of bytes; undici types its chunks as `any`.
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    // Leaving the loop by throwing cancels the rest of the download.
    if (total > maxBytes) throw new DownloadError(`The attachment is larger than ${(maxBytes / 1048576).toFixed(1)} MB.`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
