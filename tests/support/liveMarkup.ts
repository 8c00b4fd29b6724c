/**
 * What in a message body Discord would act on rather than show: the checker every hostile-text
 * test uses. It reads text the way Discord does (escapes first, bare web addresses as one
 * piece) and reports any live markup left: link brackets, angle-bracket mentions and
 * autolinks, `@everyone`/`@here`, code, spoilers, emphasis, line-start headings, lists and
 * quotes, an escape inside a web address (Discord would link another address), and invisible
 * or control characters. The bot's own markup (bold `**`, the `> ` of a quote, its own code
 * spans, a message that is one code block) is allowed.
 *
 * Invisible characters are found by Unicode general category, independently of the renderer's
 * own rule: controls (but tab and newline), format characters, line and paragraph separators
 * and the Hangul fillers. A joiner between two visible characters is how emoji and some
 * scripts are written, so it is allowed.
 */
const ESCAPED = /\\[^0-9A-Za-z\s]/gu;
/** Discord's bare-URL rule: everything up to whitespace or `<`, without trailing punctuation. */
const DISCORD_BARE_URL = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/gu;
const INVISIBLE_OR_CONTROL = /(?![\t\n])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]/u;
const JOINER_IN_WORD = /(?<=\S)[\u200c\u200d](?=\S)/gu;
const hasInvisible = (text: string) => INVISIBLE_OR_CONTROL.test(text.replace(JOINER_IN_WORD, ''));

/** The bot's own code spans: command names, error ids, and the file name leading a `/sources` entry. */
const OWN_CODE = /`\/[a-z]+`|`[0-9a-f]{8}`|^`[^`\n]+`(?= · )/gmu;
/** A whole message that is one code block (`/quote`): nothing inside is markup. */
const ONE_CODE_BLOCK = /^```\n(?:[^`]|`(?!``))*\n```$/u;

/** `blocks: false` for embed titles, where Discord renders inline markup only (the bot numbers its quote titles `1. …`). */
export function liveMarkup(markdown: string, { blocks = true }: { blocks?: boolean } = {}): string[] {
  const found: string[] = [];
  if (hasInvisible(markdown)) found.push('invisible or control character');
  if (ONE_CODE_BLOCK.test(markdown)) return found;
  for (const url of markdown.match(DISCORD_BARE_URL) ?? []) if (url.includes('\\')) found.push(`escape inside a web address: ${url}`);
  const text = markdown
    // An escaped character is shown as itself: a letter stands in for it, so no markup forms across it.
    .replace(ESCAPED, 'x')
    .replace(OWN_CODE, '')
    .replace(DISCORD_BARE_URL, '')
    .replaceAll('**', '')
    .replace(/^> /gmu, '');
  for (const [pattern, what] of [
    [/[[\]]/u, 'link bracket'],
    [/[<>]/u, 'angle bracket (mention, channel, role or autolink)'],
    [/@(everyone|here)/u, 'mass mention'],
    [/`/u, 'code'],
    [/\|\|/u, 'spoiler'],
    [/[*_~]/u, 'emphasis or strike-through'],
    ...(blocks
      ? ([
          [/^\s*#/mu, 'heading'],
          [/^\s*([-+]|\d+[.)])\s/mu, 'list'],
        ] as const)
      : []),
  ] as const) {
    const match = pattern.exec(text);
    if (match) found.push(`${what}: …${text.slice(Math.max(0, match.index - 30), match.index + 30)}…`);
  }
  return found;
}

/** Text Discord shows as plain (footers, labels, choices, thread names): nothing invisible, one line. */
export function unsafePlain(text: string): string[] {
  const found: string[] = [];
  if (hasInvisible(text)) found.push('invisible or control character');
  if (/\n/u.test(text)) found.push('line break');
  return found;
}

/** What a reader sees of escaped markdown: the escapes removed. */
export const shown = (markdown: string) => markdown.replace(/\\([^0-9A-Za-z\s])/gu, '$1');

type Finding = { where: string; problem: string };

const MARKDOWN_KEYS = new Set(['content', 'title', 'description']);
const PLAIN_KEYS = new Set(['label', 'text', 'name', 'placeholder']);

/**
 * Every problem in a payload the bot sent: markdown keys (content, titles, descriptions,
 * fields) are checked as markdown, plain keys (footer `text`, `label`, choice `name`) as plain
 * text. Field names are checked as both. Choice values are never shown, so not checked.
 */
export function payloadProblems(body: unknown, where = 'body'): Finding[] {
  if (typeof body !== 'object' || body === null) return [];
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(body)) {
    const here = `${where}.${key}`;
    if (typeof value === 'string') {
      const inField = /\.fields\.\d+$/u.test(where);
      if (MARKDOWN_KEYS.has(key) || (inField && (key === 'name' || key === 'value'))) {
        for (const problem of liveMarkup(value, { blocks: key !== 'title' })) findings.push({ where: here, problem });
      }
      if (PLAIN_KEYS.has(key)) for (const problem of unsafePlain(value)) findings.push({ where: here, problem });
    } else {
      findings.push(...payloadProblems(value, here));
    }
  }
  return findings;
}
