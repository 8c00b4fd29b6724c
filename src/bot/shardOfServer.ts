/** The shard Discord sends a server's events to: the server id's timestamp bits, modulo the shard count (Discord's formula). */
export function shardOfServer(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
