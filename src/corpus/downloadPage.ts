/**
 * Downloads one address for the corpus, reaching public hosts only (unless the operator allows
 * private ones): redirects are followed by hand, at most MAX_REDIRECTS, and every hop's host is
 * checked before its request; the connection itself goes through `pinnedAgent`, which checks
 * the address actually connected to. The body is capped while it arrives (after gzip or
 * brotli decoding, so a compressed bomb stops at the cap too).
 */
import { fetch, type Agent, type Response } from 'undici';
import { FetchRefusedError } from './fetchRefusedError.js';
import { pinnedAgent } from './pinnedAgent.js';
import { notPublic, resolvePublic, type NetworkPolicy } from './resolvePublic.js';

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const FETCHED_SCHEMES = new Set(['http:', 'https:']);

export interface DownloadOptions {
  timeoutMs: number;
  maxBytes: number;
  network: NetworkPolicy;
}

export interface DownloadedPage {
  contentType: string | null;
  bytes: Uint8Array;
}

/** Reads a response body, refusing as soon as it passes `maxBytes` (a missing Content-Length is no way round the cap). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const refuse = () => new FetchRefusedError(`it is larger than ${maxBytes / 1048576} MB, the most an article may be.`);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw refuse();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  // A fetch body is a stream of bytes; undici types its chunks as `any`.
  const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array> | undefined;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw refuse();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** The response at the end of the redirects from `url`, each hop's host checked first. */
async function fetchFollowingRedirects(url: URL, options: DownloadOptions, signal: AbortSignal, dispatcher: Agent): Promise<Response> {
  let hop = url;
  for (let redirects = 0; ; redirects += 1) {
    if (!(await resolvePublic(hop.hostname, options.network))) {
      throw redirects === 0
        ? notPublic(hop.hostname)
        : new FetchRefusedError(`it redirects to ${hop.hostname}, which is not a public address (or does not resolve).`);
    }
    const response = await fetch(hop, {
      dispatcher,
      redirect: 'manual',
      signal,
      headers: { accept: 'text/html,application/xhtml+xml,application/pdf;q=0.9', 'user-agent': 'Verbatim (corpus fetch)' },
    });
    if (!REDIRECT_STATUSES.has(response.status)) return response;
    await response.body?.cancel();
    if (redirects === MAX_REDIRECTS) throw new FetchRefusedError(`it redirects more than ${MAX_REDIRECTS} times.`);
    const location = response.headers.get('location');
    let next: URL | null = null;
    try {
      next = location ? new URL(location, hop) : null;
    } catch {
      // An unreadable Location is refused below, like a missing one.
    }
    if (!next) throw new FetchRefusedError(`the server answered HTTP ${response.status} without a valid address to go to.`);
    if (!FETCHED_SCHEMES.has(next.protocol))
      throw new FetchRefusedError(`it redirects to a ${next.protocol} address; only http and https are fetched.`);
    hop = next;
  }
}

const timedOut = (error: unknown) => ['TimeoutError', 'AbortError'].includes((error as Error).name);

/** The body and type of the page at `url`; a `FetchRefusedError` says why when there is none to have. */
export async function downloadPage(url: URL, options: DownloadOptions): Promise<DownloadedPage> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const noAnswer = () => new FetchRefusedError(`no answer within ${options.timeoutMs / 1000} s.`);
  const dispatcher = pinnedAgent(options.network);
  try {
    let response: Response;
    try {
      response = await fetchFollowingRedirects(url, options, signal, dispatcher);
    } catch (error) {
      if (error instanceof FetchRefusedError) throw error;
      if (timedOut(error)) throw noAnswer();
      const cause = (error as { cause?: unknown }).cause;
      // The pinned connection's own refusal comes back as the cause of fetch's TypeError.
      if (cause instanceof FetchRefusedError) throw cause;
      const { code, message } = (cause ?? {}) as { code?: string; message?: string };
      throw new FetchRefusedError(`it could not be fetched (${code ?? message ?? (error as Error).message}).`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchRefusedError(`the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
    }
    try {
      return { contentType: response.headers.get('content-type'), bytes: await readCapped(response, options.maxBytes) };
    } catch (error) {
      if (error instanceof FetchRefusedError) throw error;
      throw timedOut(error) ? noAnswer() : new FetchRefusedError(`the download broke off (${(error as Error).message}).`);
    }
  } finally {
    await dispatcher.destroy();
  }
}
