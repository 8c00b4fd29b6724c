/** Button and select-menu handlers by the first part of their custom id (`<kind>:<args…>`). */
import type { ButtonInteraction, StringSelectMenuInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { handleClosestButton } from './closestButton.js';
import { handleContextButton } from './contextButton.js';
import { handleMoreButton } from './moreButton.js';
import { handlePublishButton } from './publishButton.js';
import { handleReviewMenu } from './reviewMenu.js';
import { handleSendToModeratorsButton } from './sendToModerators.js';
import { handleSourcesButton } from './sourcesPager.js';
import { handleThreadButton } from './threadButton.js';
import { handleVoteButton, handleVoteMenu } from './voteMenu.js';

export type ButtonHandler = (interaction: ButtonInteraction, ctx: BotContext, args: string[]) => Promise<void>;

export const buttonHandlers: ReadonlyMap<string, ButtonHandler> = new Map([
  ['more', handleMoreButton],
  ['context', handleContextButton],
  ['sources', handleSourcesButton],
  ['thread', handleThreadButton],
  ['publish', handlePublishButton],
  ['closest', handleClosestButton],
  ['vote', handleVoteButton],
  ['tomods', handleSendToModeratorsButton],
]);

export type SelectHandler = (interaction: StringSelectMenuInteraction, ctx: BotContext, args: string[]) => Promise<void>;

export const selectHandlers: ReadonlyMap<string, SelectHandler> = new Map([
  ['vote', handleVoteMenu],
  ['mark', handleReviewMenu],
]);
