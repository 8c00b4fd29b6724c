/** The question in a message that mentions the bot: its text without the bot's mention tokens (`<@id>`, `<@!id>`). */
export function mentionedQuestion(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, 'gu'), ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}
