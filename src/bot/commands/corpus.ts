/**
 * `/corpus add|remove|status`, for moderators, answered privately: add an attached article
 * (checked before it is downloaded: type and size; then its text: UTF-8, not binary, not a
 * duplicate) or a web page by address, remove one (autocomplete over the articles), or see what the index holds. The
 * changes run one at a time (see `corpusChanges.ts`); answers keep coming from the index in
 * service until the new one is loaded.
 */
import type { ChatInputCommandInteraction } from 'discord.js';
import type { AddResult } from '../../corpusAdmin/corpusChanges.js';
import { downloadAttachment, DownloadError } from '../../corpusAdmin/downloadAttachment.js';
import { checkUpload, MAX_UPLOAD_BYTES } from '../../corpusAdmin/uploadRules.js';
import { renderCorpusStatusEmbed } from '../../render/corpusStatusEmbed.js';
import { inert, inertCode } from '../../render/inert.js';
import type { BotContext } from '../context.js';
import { corpusCommand } from '../interactions/corpus.js';
import { requireManageServer } from '../permissions.js';
import { deferReply, sendReply, showProgress } from '../reply.js';
import { autocompleteArticles } from './articleChoices.js';

export const data = corpusCommand;

export const CORPUS_CHANGES_OFF =
  "This bot's operator has turned off changes to the corpus from Discord, so nothing was changed. /corpus status still works.";
export const QUEUED_NOTICE = 'Another corpus change is running; yours is queued and follows it.';
const queuedNotice = (interaction: ChatInputCommandInteraction) => () => showProgress(interaction, QUEUED_NOTICE);
const servedNote = (live: boolean) =>
  live ? 'Answers use the new index from now on.' : 'The new index is still loading; answers use it within a minute.';

async function sendAddResult(interaction: ChatInputCommandInteraction, result: AddResult): Promise<void> {
  if (result.kind === 'refused') return sendReply(interaction, { content: inert(result.reason), ephemeral: true });
  await sendReply(interaction, {
    content: `Added “${inert(result.title)}” (${inertCode(result.source)}): ${result.passages} passages. ${servedNote(result.live)}`,
    ephemeral: true,
  });
}

async function addArticle(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const file = interaction.options.getAttachment('file');
  const url = interaction.options.getString('url');
  if (Boolean(file) === Boolean(url))
    return sendReply(interaction, { content: 'Attach a file or give a url: one of the two.', ephemeral: true });
  if (!file) {
    await deferReply(interaction, { ephemeral: true });
    return sendAddResult(
      interaction,
      await ctx.corpus.forServer(interaction.guildId as string).addUrl(url as string, queuedNotice(interaction)),
    );
  }
  const verdict = checkUpload({ name: file.name, size: file.size });
  if (!verdict.ok) return sendReply(interaction, { content: verdict.reason, ephemeral: true });
  await deferReply(interaction, { ephemeral: true });
  let bytes: Buffer;
  try {
    bytes = await downloadAttachment(file.url, MAX_UPLOAD_BYTES);
  } catch (error) {
    if (error instanceof DownloadError) return sendReply(interaction, { content: error.message, ephemeral: true });
    throw error;
  }
  await sendAddResult(
    interaction,
    await ctx.corpus.forServer(interaction.guildId as string).add(verdict.fileName, bytes, queuedNotice(interaction)),
  );
}

async function removeArticle(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await deferReply(interaction, { ephemeral: true });
  const result = await ctx.corpus
    .forServer(interaction.guildId as string)
    .remove(interaction.options.getString('article', true), queuedNotice(interaction));
  if (result.kind === 'refused') return sendReply(interaction, { content: result.reason, ephemeral: true });
  await sendReply(interaction, {
    content: `Removed “${inert(result.title)}” (${inertCode(result.source)}). ${
      result.movedTo
        ? `The file was moved to ${inertCode(result.movedTo)}, so it can be restored by moving it back.`
        : 'Its file was already gone from the corpus folder.'
    } ${servedNote(result.live)}`,
    ephemeral: true,
  });
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!(await requireManageServer(interaction))) return;
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand !== 'status' && !ctx.corpusChangesFromDiscord)
    return sendReply(interaction, { content: CORPUS_CHANGES_OFF, ephemeral: true });
  if (subcommand === 'add') return addArticle(interaction, ctx);
  if (subcommand === 'remove') return removeArticle(interaction, ctx);
  await deferReply(interaction, { ephemeral: true });
  await sendReply(interaction, {
    embeds: [renderCorpusStatusEmbed(await ctx.corpus.forServer(interaction.guildId as string).status())],
    ephemeral: true,
  });
}

export const autocomplete = autocompleteArticles;
