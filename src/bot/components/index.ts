/** Button handlers by the first part of their custom id (`<kind>:<args…>`). */
import type { ButtonInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { handleClosestButton } from './closestButton.js';
import { handleContextButton } from './contextButton.js';
import { handleVoteButton } from './feedbackButtons.js';
import { handleMoreButton } from './moreButton.js';
import { handlePublishButton } from './publishButton.js';
import { handleSendToModeratorsButton } from './sendToModerators.js';
import { handleSourcesButton } from './sourcesPager.js';
import { handleThreadButton } from './threadButton.js';

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
