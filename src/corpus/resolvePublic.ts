/**
 * The one gate between a host name and a download: the name is resolved (by the system's
 * resolver, or a test's stub) and its addresses are handed back only when every one may be
 * fetched from. The check before each request (downloadPage.ts) and the connection itself
 * (pinnedAgent.ts) both go through it, so a name that answers a public address at the check
 * and loopback at the connection (DNS rebinding) is still refused.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { FetchRefusedError } from './fetchRefusedError.js';
import { isPublicAddress } from './isPublicAddress.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** Which addresses a download may reach: public ones only, unless the operator says otherwise. */
export interface NetworkPolicy {
  /** Name → addresses; the system's resolver unless a test stubs it. */
  resolve?: ResolveHost;
  /** Whether an address `hostname` resolved to may be fetched from; `isPublicAddress` unless a test says otherwise. */
  isAllowed?: (address: string, hostname: string) => boolean;
  /** ALLOW_PRIVATE_URLS: loopback and private networks too (a bot on an intranet). */
  allowPrivate?: boolean;
}

/** The refusal for a host `resolvePublic` did not allow, at the check and at the connection alike. */
export const notPublic = (hostname: string) =>
  new FetchRefusedError(`${hostname} is not a public address (or does not resolve), so it is not fetched from.`);

const systemResolve: ResolveHost = (hostname) => lookup(hostname, { all: true });

/**
 * The addresses of `hostname` (a name, or an IP in or out of brackets) when all may be fetched from;
 * null when any may not, or it does not resolve.
 */
export async function resolvePublic(hostname: string, policy: NetworkPolicy = {}): Promise<ResolvedAddress[] | null> {
  const host = hostname.replace(/^\[|\]$/gu, '');
  const family = isIP(host);
  let addresses: ResolvedAddress[];
  try {
    addresses = family ? [{ address: host, family }] : await (policy.resolve ?? systemResolve)(host);
  } catch {
    return null;
  }
  const isAllowed = policy.allowPrivate ? () => true : (policy.isAllowed ?? isPublicAddress);
  return addresses.length > 0 && addresses.every((a) => isAllowed(a.address, host)) ? addresses : null;
}
