/** `/corpus status` as an embed: the index in service and the files the last ingest skipped, with why. */
import type { APIEmbed } from 'discord.js';
import type { CorpusStatus } from '../corpusAdmin/corpusChanges.js';
import { DISCORD_LIMITS } from './discord.js';
import { inert, inertCode } from './inert.js';

export function renderCorpusStatusEmbed(status: CorpusStatus): APIEmbed {
  const lastIngest = status.lastIngestAt ? `<t:${Math.floor(Date.parse(status.lastIngestAt) / 1000)}:f>` : 'unknown';
  let skipped = '';
  for (const file of status.skipped) {
    const line = `${inertCode(file.source)}: ${inert(file.reason)}`;
    const more = `\n… and ${status.skipped.length} more in the ingest log`;
    if (skipped.length + line.length + 1 + more.length > DISCORD_LIMITS.fieldValue) {
      skipped += `\n… and ${status.skipped.length - skipped.split('\n').length} more`;
      break;
    }
    skipped += `${skipped ? '\n' : ''}${line}`;
  }
  return {
    title: 'Corpus status',
    color: 0x5865f2,
    fields: [
      { name: 'Articles', value: String(status.articles), inline: true },
      { name: 'Passages', value: String(status.passages), inline: true },
      { name: 'Model', value: inertCode(status.model), inline: true },
      { name: 'Last ingest', value: lastIngest, inline: true },
      { name: `Skipped files (${status.skipped.length})`, value: skipped || 'None.' },
    ],
  };
}
