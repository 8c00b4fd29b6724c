/**
 * The one way corpus and user text is made inert for Discord, used on every path the bot
 * sends text through. Two forms, by where the text lands:
 *
 * - `inert`: places Discord renders as markdown (message content, embed titles, descriptions,
 *   field names and values). Every character that can start markup is backslash-escaped, so
 *   masked links (any number on a line, nested brackets), `[1]` markers, `<https://…>`
 *   autolinks, `<@id>`/`<@&id>`/`<#id>` mentions, `@everyone`/`@here`, code, spoilers,
 *   emphasis, headings, lists and quotes show as the characters they are. Discord hides the
 *   backslashes, so the reader sees the quoted words unchanged.
 * - `inertPlain`: places Discord shows as plain text (footers, author names, button labels,
 *   autocomplete choices, thread names), where a backslash would show.
 *
 * Both drop what a reader cannot see but Discord or a terminal would act on: ANSI escape
 * sequences, control characters, zero-width characters and bidirectional overrides (which can
 * make a quote read differently from its text). Joiners inside words and emoji (U+200C,
 * U+200D) are kept: they are part of how some scripts and emoji are written.
 *
 * A bare `https://…` address is left as it is: Discord shows it as the address it goes to, and
 * a backslash inside it would change both the text and the target.
 */

/** ESC-introduced sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ESC \`), and two-character escapes. */
const ANSI_ESCAPE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/gu;
/** C0 controls except tab and newline, DEL, C1 controls; zero-width spaces, bidi marks, embeddings, overrides and isolates; word joiner and invisible operators; BOM; Mongolian vowel separator. */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/** What Discord shows and acts on nothing else of: no escapes, no controls, no invisible characters. */
export function visibleText(text: string): string {
  return text.replace(ANSI_ESCAPE, '').replace(/\r\n?/gu, '\n').replace(INVISIBLE, '');
}

/**
 * A bare web address as Discord's parser reads one (it ends before whitespace or `<`, and a
 * trailing `.,:;"')]` is not part of it). Markdown-special characters end it here, so none is
 * left unescaped beside it.
 */
const BARE_URL = /(?<![\w\\])https?:\/\/[^\s<>[\]`|*~"]*[^\s<>[\]`|*~".,:;')]/gu;
/** Characters that start markup anywhere in a line. */
const MARKUP_ANYWHERE = /[\\*_~`|<>[\]@#]/gu;
/** Characters that start markup only at the start of a line: lists (`-`, `+`, `1.`), quotes, headings, subtext. */
const LINE_START_MARKUP = /^(\s*)(?:([-+])|(\d+)([.)]))(?=\s|$)/gmu;

function escapeMarkup(text: string): string {
  return text
    .replace(MARKUP_ANYWHERE, (c) => `\\${c}`)
    .replace(LINE_START_MARKUP, (_all, indent: string, bullet?: string, digits?: string, dot?: string) =>
      bullet ? `${indent}\\${bullet}` : `${indent}${digits}\\${dot}`,
    );
}

/** Corpus or user text for a place Discord renders as markdown: shows as the characters it is. */
export function inert(text: string): string {
  const visible = visibleText(text);
  let out = '';
  let last = 0;
  for (const match of visible.matchAll(BARE_URL)) {
    out += escapeMarkup(visible.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeMarkup(visible.slice(last));
}

/** Corpus or user text for a place Discord shows as plain text: one line, nothing invisible. */
export function inertPlain(text: string): string {
  return visibleText(text).replace(/\s+/gu, ' ').trim();
}

/** A file name or other identifier as inline code; one holding a backtick (which would end the code span) is escaped instead. */
export function inertCode(text: string): string {
  const plain = inertPlain(text);
  return plain.includes('`') ? inert(plain) : `\`${plain}\``;
}
