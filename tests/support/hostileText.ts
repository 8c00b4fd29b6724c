/**
 * Text that tries to act on Discord instead of being shown: the corpus of hostile strings the
 * renderer and the bot are tested on, and an article built from them.
 */
export const HOSTILE_STRINGS = {
  severalMaskedLinks:
    'The lacemakers of Burano [1] still work by hand; see [the official ' +
    'report](https://evil.example/phish) and [the appendix](https://evil.example/appendix).',
  nestedBrackets: 'Lace prices are listed in [[nested [links]](https://evil.example/nested)] and [2][3] markers.',
  autolinks: 'The lace guild site is <https://evil.example/auto> or https://lace.example/guild_rules_2024 today.',
  massMentions: 'The lace merchants pinged @everyone and @here about the sale.',
  userRoleChannel:
    'The lace guild wrote to <@111111111111111111>, <@!111111111111111111>, <@&222222222222222222> and <#333333333333333333>.',
  codeFences: 'A lacemaker typed ```js\nrm -rf /\n``` and `inline code` in the lace ledger.',
  headingsAndLists:
    '# The lace heading\n## A second lace heading\n-# lace subtext\n- a lace bullet\n* a ' +
    'starred lace bullet\n+ a plus lace bullet\n1. a numbered lace step\n> a quoted lace line',
  spoilersAndEmphasis: 'The lace price was ||a spoiler|| with ~~struck~~ __underlined__ *starred* _leaning_ **bold** words.',
  invisibleAndControl:
    'The lace\u200b mer\u200dchants\u202e of Burano sold\u0007 lace \u001b[31mred\u001b[0m and white\u0008 lace\u2066 in\ufeff 1872.' +
    ' The lace\u061c guild\u00ad hall\u3164 of\u{E0041}\u{E0042}\u{E007F} Burano\u2028opened\u2029in 1901.',
  markupAfterAddress:
    'The lace archive moved to https://evil.example/x*y_z and then to https://evil.example/lace||spoiler||~~gone~~ in 1990.',
  backslashes: 'A lace pattern file was saved as C:\\lace\\*.txt with \\[brackets\\].',
} as const;

/** What a reader must see of a hostile string: its characters, less the invisible ones. */
// eslint-disable-next-line no-control-regex -- the control characters are what it finds.
export const INVISIBLE_IN_HOSTILE = /[\u0007\u0008\u200b\u202e\u2066\ufeff\u061c\u00ad\u3164\u{E0041}\u{E0042}\u{E007F}]|\u001b\[\d+m/gu;
/** Line and paragraph separators in a hostile string, which a reader sees as line breaks. */
export const SEPARATORS_IN_HOSTILE = /[\u2028\u2029]/gu;

/** One article whose title, paragraphs and link are all hostile. */
export function hostileArticle(): string {
  const paragraphs = [
    'The Lacemakers of Burano keep an old craft alive on their island in the lagoon.',
    HOSTILE_STRINGS.severalMaskedLinks,
    HOSTILE_STRINGS.nestedBrackets,
    HOSTILE_STRINGS.autolinks,
    HOSTILE_STRINGS.massMentions,
    HOSTILE_STRINGS.userRoleChannel,
    HOSTILE_STRINGS.codeFences,
    HOSTILE_STRINGS.headingsAndLists,
    HOSTILE_STRINGS.spoilersAndEmphasis,
    HOSTILE_STRINGS.invisibleAndControl,
    HOSTILE_STRINGS.backslashes,
    HOSTILE_STRINGS.markupAfterAddress,
  ];
  const title = 'Lace [1] of [Burano](https://evil.example/title) <@&222222222222222222> @everyone ||x||';
  return `---\ntitle: ${JSON.stringify(title)}\nurl: https://lace.example/burano\n---\n\n${paragraphs.join('\n\n')}\n`;
}
