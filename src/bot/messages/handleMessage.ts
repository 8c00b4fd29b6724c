/**
 * Questions asked by mention ("@Verbatim how many soldiers were sent?") in any channel or
 * thread the bot can see, answered as a reply. Discord shows a bot the content of messages
 * that mention it, so the Message Content intent stays off; every other message is ignored
 * unread. The cooldown and the concurrency cap are those of `/ask`; a member over the cooldown
 * gets a ⏳ reaction rather than a message, so a burst cannot make the bot flood the channel.
 * When nothing answers, the closest passages wait behind a button (a mention has no private reply).
 */
import { randomBytes } from 'node:crypto';
import type { Message } from 'discord.js';
import { answerQuestion, type AnswerOutlet } from '../answerQuestion.js';
import type { BotContext } from '../context.js';
import { errorNotice } from '../handleInteraction.js';
import { replyToMessage } from '../reply.js';
import { mentionedQuestion } from './mentionedQuestion.js';

export const MENTION_HINT = 'Ask me a question after the mention, for example "@Verbatim how many soldiers were sent?", or use `/ask`.';
export const COOLDOWN_REACTION = '⏳';

/**
 * Whether the bot should read `message` at all: a member's message in a server that mentions
 * the bot itself by name — not @everyone or a role, and not a reply to one of its answers that
 * merely pings it ("thanks!"), which Discord also lists as a mention.
 */
export function isAddressedToBot(message: Message): boolean {
  const botId = message.client.user.id;
  return (
    !message.author.bot &&
    message.inGuild() &&
    message.mentions.users.has(botId) &&
    mentionedQuestion(message.content, botId) !== message.content.trim()
  );
}

/** The answer flow's outlet for a mention: a reply to the member's message; nothing in it can be private. */
function mentionOutlet(message: Message<true>): AnswerOutlet {
  return {
    async refuseForCooldown() {
      await message.react(COOLDOWN_REACTION);
    },
    // Only a courtesy: without the permission to show it, the answer still goes out.
    acknowledge: () => message.channel.sendTyping().catch(() => undefined),
    async reply(data) {
      const sent = await replyToMessage(message, data);
      return async () => sent;
    },
  };
}

async function answerMention(message: Message<true>, ctx: BotContext): Promise<void> {
  const question = mentionedQuestion(message.content, message.client.user.id);
  if (!question) {
    await replyToMessage(message, { content: MENTION_HINT });
    return;
  }
  await answerQuestion(
    ctx,
    {
      asker: { guildId: message.guildId, channelId: message.channelId, user: message.author },
      question,
      conversationIn: message.channel,
      form: { kind: 'page', label: 'Question', ephemeral: false, closest: 'button' },
    },
    mentionOutlet(message),
  );
}

export async function handleMessage(message: Message, ctx: BotContext): Promise<void> {
  if (!isAddressedToBot(message) || !message.inGuild()) return;
  try {
    await answerMention(message, ctx);
  } catch (error) {
    const errorId = randomBytes(4).toString('hex');
    ctx.log.error({ err: error, errorId, message: 'mention', userHash: ctx.hashUser(message.author.id) }, 'Answering a mention failed');
    await replyToMessage(message, { content: errorNotice(errorId) }).catch((replyError: unknown) =>
      ctx.log.error({ err: replyError, errorId }, 'Could not tell the member about the failure'),
    );
  }
}
