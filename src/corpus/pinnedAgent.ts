/**
 * The connection pool of one download. Its own `connect.lookup` resolves each name again at
 * the moment of connecting and passes on only addresses `resolvePublic` allows, so the
 * address actually connected to is one that was checked. (Node does not look up a literal IP:
 * downloadPage.ts checks those before each request.)
 */
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { notPublic, resolvePublic, type NetworkPolicy } from './resolvePublic.js';

export function pinnedAgent(policy: NetworkPolicy): Agent {
  const lookup: LookupFunction = (hostname, options, callback) => {
    void resolvePublic(hostname, policy).then((addresses) => {
      const [first] = addresses ?? [];
      if (!addresses || !first) return callback(notPublic(hostname), '', 0);
      // With `all` (Node's happy-eyeballs connect asks for it) every allowed address may be tried.
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
  return new Agent({ connect: { lookup } });
}
