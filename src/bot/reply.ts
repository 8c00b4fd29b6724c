/**
 * The one way the bot answers an interaction. Every payload goes out with
 * `allowedMentions: { parse: [] }`, so no text in a question or in the corpus (`@everyone`,
 * `<@123>`) can ever ping anyone, and the helper picks reply, edit or follow-up from the
 * interaction's state so callers need not track whether they deferred.
 */
import {
  MessageFlags,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type Message,
  type RepliableInteraction,
  type SendableChannels,
} from 'discord.js';

export const NO_MENTIONS = { parse: [] } as const;

export interface ReplyData {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Visible only to the user who triggered the interaction. */
  ephemeral?: boolean;
  /** Attachments (a report's CSV and chart). */
  files?: Array<{ attachment: Buffer; name: string }>;
}

function payload(data: ReplyData) {
  return {
    content: data.content ?? '',
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    allowedMentions: NO_MENTIONS,
    ...(data.files ? { files: data.files } : {}),
    ...(data.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}),
  };
}

/**
 * Sends `data` as the interaction's answer: the first reply, the edit of a deferred reply, or a
 * follow-up when already answered. A private answer to a publicly deferred interaction
 * replaces the public placeholder with a private follow-up, so `ephemeral` always holds.
 */
export async function sendReply(interaction: RepliableInteraction, data: ReplyData): Promise<void> {
  if (interaction.deferred && !interaction.replied) {
    if (data.ephemeral && !interaction.ephemeral) {
      await interaction.deleteReply();
      await interaction.followUp(payload(data));
      return;
    }
    // Visibility was fixed when deferring; an edit cannot change it.
    const { flags: _fixedAtDefer, ...edit } = payload(data);
    await interaction.editReply(edit);
  } else if (interaction.replied) {
    await interaction.followUp(payload(data));
  } else {
    await interaction.reply(payload(data));
  }
}

/** A further message after the answer (e.g. the closest passages, shown only to the asker). */
export async function sendFollowUp(interaction: RepliableInteraction, data: ReplyData): Promise<void> {
  await interaction.followUp(payload(data));
}

/**
 * A progress note ("queued", "indexing") in place of a deferred reply's placeholder. It edits the
 * message without counting as the answer, so the `sendReply` that follows replaces it too.
 */
export async function showProgress(interaction: RepliableInteraction, content: string): Promise<void> {
  if (!interaction.deferred || interaction.replied) return;
  await interaction.webhook.editMessage('@original', { content, allowedMentions: NO_MENTIONS });
}

/** A message in a channel, outside any interaction (the moderators' channel), with the same guarantees. */
export async function sendToChannel(channel: SendableChannels, data: Omit<ReplyData, 'ephemeral'>): Promise<void> {
  const { flags: _neverEphemeral, ...message } = payload(data);
  await channel.send(message);
}

/** A reply to a member's message (a question asked by mention) that pings no one, not even the member. */
export async function replyToMessage(message: Message, data: Omit<ReplyData, 'ephemeral'>): Promise<Message> {
  const { flags: _none, ...reply } = payload(data);
  return message.reply({ ...reply, allowedMentions: { ...NO_MENTIONS, repliedUser: false } });
}

/** Acknowledges within Discord's 3 seconds when the answer may take longer. */
export async function deferReply(interaction: RepliableInteraction, options: { ephemeral: boolean }): Promise<void> {
  if (!interaction.deferred && !interaction.replied) {
    await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  }
}
