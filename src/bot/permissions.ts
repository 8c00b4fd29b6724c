/**
 * The moderators' commands are registered for Manage Server only, but a server can grant them
 * to anyone in its integration settings, and the check costs nothing: each handler asks again.
 */
import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { sendReply } from './reply.js';

export const MANAGE_SERVER_ONLY = 'Only members with the Manage Server permission can use this command, and only in a server.';

/** True when the member may manage the server; otherwise tells them (only them) and returns false. */
export async function requireManageServer(interaction: ChatInputCommandInteraction): Promise<boolean> {
  if (interaction.inGuild() && interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
  await sendReply(interaction, { content: MANAGE_SERVER_ONLY, ephemeral: true });
  return false;
}
