/**
 * What makes a command the moderators': Discord shows it only to members with Manage Server
 * (servers can change that in their integration settings), and only in servers.
 */
import { InteractionContextType, PermissionFlagsBits } from 'discord.js';

export const moderatorsOnly = {
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
};
