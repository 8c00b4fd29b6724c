/** Registers the slash and context-menu commands: to one server when a guild id is given (instant), else globally. */
import { REST, Routes } from 'discord.js';
import type { BotConfig } from '../config.js';
import { commandDefinitions } from './interactions/index.js';

export async function registerCommands(
  config: Pick<BotConfig, 'discordToken' | 'discordClientId' | 'discordGuildId' | 'discordApiUrl'>,
): Promise<{ names: string[]; scope: string }> {
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
  const route = config.discordGuildId
    ? Routes.applicationGuildCommands(config.discordClientId, config.discordGuildId)
    : Routes.applicationCommands(config.discordClientId);
  await rest.put(route, { body: commandDefinitions });
  return {
    names: commandDefinitions.map((d) => d.name),
    scope: config.discordGuildId ? `server ${config.discordGuildId}` : 'all servers (global; may take up to an hour to appear)',
  };
}
