/**
 * Whether an IP address is on the public internet. The special-use ranges come from ipaddr.js
 * (the IANA registries, kept up to date there): only its 'unicast' is public; loopback,
 * private, link-local, carrier-grade NAT, multicast, documentation, benchmarking, discard and
 * the rest are not. An IPv6 address that carries an IPv4 one (mapped, translated, NAT64, 6to4
 * or the old IPv4-compatible form) reaches that IPv4 address, so it is judged by it.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Prefixes whose last 32 bits are an IPv4 address (ipaddr.js has no range for the deprecated ::/96). */
const EMBEDDING_LAST_32_BITS = [
  ipaddr.parseCIDR('::/96'),
  ipaddr.parseCIDR('::ffff:0:0/96'),
  ipaddr.parseCIDR('::ffff:0:0:0/96'),
  ipaddr.parseCIDR('64:ff9b::/96'),
];
const SIX_TO_FOUR = ipaddr.parseCIDR('2002::/16');

const ipv4From = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const { parts } = address;
  if (EMBEDDING_LAST_32_BITS.some((range) => address.match(range))) return ipv4From(parts[6] as number, parts[7] as number);
  if (address.match(SIX_TO_FOUR)) return ipv4From(parts[1] as number, parts[2] as number);
  return null;
}

/** False for anything that is not a public unicast address, including text that is not an address in its usual form. */
export function isPublicAddress(address: string): boolean {
  // Node's parser, not ipaddr.js's: it accepts no classful shorthand such as 1.2.3.
  if (!isIP(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const ipv4 = embeddedIPv4(parsed as ipaddr.IPv6);
    if (ipv4) return ipv4.range() === 'unicast';
  }
  return parsed.range() === 'unicast';
}
