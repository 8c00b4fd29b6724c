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
 * - `inertCodeBlock`: a code block quoted as code, inside a fence, where Discord renders no
 *   markup, mention or link at all; only a run of backticks could close the fence early.
 *
 * Both drop what a reader cannot see but Discord or a terminal would act on: ANSI escape
 * sequences, and every control, format, default-ignorable and bidirectional character (by its
 * Unicode property, so tag characters, soft hyphens, Hangul fillers and the Arabic letter mark
 * go too: they can hide text or make a quote read differently from its text). Line and
 * paragraph separators become line breaks. Joiners inside words and emoji (U+200C, U+200D),
 * and one variation selector after a character, are kept: they are part of how some scripts
 * and emoji are written.
 *
 * A bare `https://…` address Discord reads as plain characters is left as it is: Discord shows
 * it as the address it goes to. One that runs on into characters that start markup
 * (`https://evil.example/x*y_z`) cannot be escaped (a backslash inside would change the link
 * Discord builds), so its autolink is broken instead (`https\://…`): it shows as the same
 * characters, and no link is built at all.
 */

/** ESC-introduced sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ESC \`), and two-character escapes. */
// eslint-disable-next-line no-control-regex -- ESC and BEL are what this pattern finds.
const ANSI_ESCAPE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/gu;
/**
 * Controls (but tab and newline), format characters, default-ignorable and bidi-control code
 * points, and the Hangul fillers, which render blank without being whitespace.
 */
const INVISIBLE = /(?![\t\n])[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\u115f\u1160\u3164\uffa0]/gu;
/** The invisible characters kept in place: joiners (U+200C, U+200D) and variation selectors. */
// eslint-disable-next-line no-misleading-character-class -- the joiners and selectors are listed one by one, to be found alone.
const SHAPING = /[\u200c\u200d\ufe00-\ufe0f]/u;
/** A joiner not between letters, marks, digits or pictographs (a pictograph may carry a skin tone or emoji selector). */
const STRAY_JOINER =
  /(?<![\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f])[\u200c\u200d]|[\u200c\u200d](?![\p{L}\p{M}\p{N}\p{Extended_Pictographic}])/gu;
/** A variation selector not right after a visible character (so a run of them, which can carry hidden data, keeps one). */
const STRAY_SELECTOR = /(?<![\p{L}\p{N}\p{P}\p{S}])[\ufe00-\ufe0f]/gu;

/** What Discord shows and acts on nothing else of: no escapes, no controls, no invisible characters. */
export function visibleText(text: string): string {
  return (
    text
      .replace(ANSI_ESCAPE, '')
      .replace(/\r\n?|[\u2028\u2029]/gu, '\n')
      // The rest first, so a joiner or selector is judged by the visible characters around it.
      .replace(INVISIBLE, (c) => (SHAPING.test(c) ? c : ''))
      .replace(STRAY_SELECTOR, '')
      .replace(STRAY_JOINER, '')
  );
}

/**
 * A web address and what runs on from it to the next whitespace: Discord's link takes all of
 * it up to whitespace or `<` (less a trailing `.,:;"')]`), backslashes included.
 */
const ADDRESS_RUN = /https?:\/\/\S+/gu;
/** A run with nothing to escape (`_`, `@` and `#` are part of the link, not markup): Discord links it as written. */
const PLAIN_RUN = /^https?:\/\/[^\s\\*~`|<>[\]]+$/u;
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

/** A run that could not be left as written: escaped, with every `://` broken so no link is built from it. */
const unlinked = (url: string) => escapeMarkup(url).replace(/(https?):\/\//gu, '$1\\://');

/** Corpus or user text for a place Discord renders as markdown: shows as the characters it is. */
export function inert(text: string): string {
  const visible = visibleText(text);
  let out = '';
  let last = 0;
  for (const match of visible.matchAll(ADDRESS_RUN)) {
    const url = match[0];
    out += escapeMarkup(visible.slice(last, match.index)) + (PLAIN_RUN.test(url) ? url : unlinked(url));
    last = match.index + url.length;
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

/** A code block's language as a fence may name it (`yaml`, `c++`); anything else is left out. */
const FENCE_LANGUAGE = /^[\w+#.-]{1,32}$/u;

/**
 * Code for a fenced block: nothing invisible, and a zero-width space after every backtick that
 * another follows, so no run of backticks in the code can close the fence (the reader sees the
 * same backticks). Inside the fence Discord renders no markup, mentions or links.
 */
export function inertCodeBlock(code: string, language: string | undefined): string {
  const body = visibleText(code).replace(/`(?=`)/gu, '`\u200b');
  const tag = language !== undefined && FENCE_LANGUAGE.test(language) ? language : '';
  return `\`\`\`${tag}\n${body}\n\`\`\``;
}
