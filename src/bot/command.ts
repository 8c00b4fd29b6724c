/**
 * The shape of a command module, as in the discord.js guide: each file under `commands/`
 * exports its `data` (its plain definition from `interactions/`, which is what Discord
 * registers) and `execute`.
 */
import type { AutocompleteInteraction, ChatInputCommandInteraction, MessageContextMenuCommandInteraction } from 'discord.js';
import type { BotContext } from './context.js';

interface CommandData {
  readonly name: string;
}

export interface SlashCommand {
  data: CommandData;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

export interface MessageMenuCommand {
  data: CommandData;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
}
