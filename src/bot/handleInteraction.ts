/**
 * Routes each interaction to its command or button handler. Any failure is logged with an
 * error id, and the user sees only a short ephemeral message quoting that id: never the
 * error's text (it may hold paths or secrets) nor a stack trace. The member is logged as the
 * hash the question store keeps, never their id.
 */
import { randomBytes } from 'node:crypto';
import type { Interaction } from 'discord.js';
import { messageCommands, slashCommands } from './commands/index.js';
import { buttonHandlers, selectHandlers } from './components/index.js';
import type { BotContext } from './context.js';
import { sendReply } from './reply.js';

export const errorNotice = (errorId: string) =>
  `Something went wrong on our side (error id \`${errorId}\`). Please try again; the bot's operators can look the id up in its log.`;

function describe(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isMessageComponent()) return `component ${interaction.customId.split(':')[0]}`;
  return `interaction type ${interaction.type}`;
}

async function route(interaction: Interaction, ctx: BotContext): Promise<void> {
  if (interaction.isChatInputCommand()) {
    await slashCommands.get(interaction.commandName)?.execute(interaction, ctx);
  } else if (interaction.isAutocomplete()) {
    const command = slashCommands.get(interaction.commandName);
    await (command?.autocomplete?.(interaction, ctx) ?? interaction.respond([]));
  } else if (interaction.isMessageContextMenuCommand()) {
    await messageCommands.get(interaction.commandName)?.execute(interaction, ctx);
  } else if (interaction.isButton()) {
    const [kind = '', ...args] = interaction.customId.split(':');
    await buttonHandlers.get(kind)?.(interaction, ctx, args);
  } else if (interaction.isStringSelectMenu()) {
    const [kind = '', ...args] = interaction.customId.split(':');
    await selectHandlers.get(kind)?.(interaction, ctx, args);
  }
}

export async function handleInteraction(interaction: Interaction, ctx: BotContext): Promise<void> {
  try {
    await route(interaction, ctx);
  } catch (error) {
    const errorId = randomBytes(4).toString('hex');
    ctx.log.error(
      { err: error, errorId, interaction: describe(interaction), userHash: ctx.hashUser(interaction.user.id) },
      'Interaction failed',
    );
    if (!interaction.isRepliable()) return;
    await sendReply(interaction, { content: errorNotice(errorId), ephemeral: true }).catch((replyError: unknown) =>
      ctx.log.error({ err: replyError, errorId }, 'Could not tell the user about the failure'),
    );
  }
}
