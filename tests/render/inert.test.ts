import { describe, expect, test } from 'vitest';
import { inert, inertCode, inertPlain, visibleText } from '../../src/render/inert.js';
import { HOSTILE_STRINGS, INVISIBLE_IN_HOSTILE, SEPARATORS_IN_HOSTILE } from '../support/hostileText.js';
import { liveMarkup, shown, unsafePlain } from '../support/liveMarkup.js';

describe('inert', () => {
  test.each(Object.entries(HOSTILE_STRINGS))('%s: nothing live, and the reader sees the same characters', (_name, hostile) => {
    const markdown = inert(hostile);
    expect(liveMarkup(markdown)).toEqual([]);
    expect(shown(markdown)).toBe(hostile.replace(INVISIBLE_IN_HOSTILE, '').replace(SEPARATORS_IN_HOSTILE, '\n'));
  });

  test('escapes every masked link on a line, not only the first', () => {
    expect(inert('[a](https://x.example) [b](https://y.example) [c](https://z.example)')).toBe(
      '\\[a\\](https://x.example) \\[b\\](https://y.example) \\[c\\](https://z.example)',
    );
  });

  test('a bare address stays as it is (its text is its target); markup after a space is escaped', () => {
    expect(inert('see https://lace.example/a_b_c, then _this_')).toBe('see https://lace.example/a_b_c, then \\_this\\_');
    expect(inert('[the report](https://lace.example/report).')).toBe('\\[the report\\](https://lace.example/report).');
  });

  test('an address running on into markup is not linked at all, rather than linked with backslashes in it', () => {
    expect(inert('https://evil.example/x*y_z')).toBe('https\\://evil.example/x\\*y\\_z');
    expect(inert('<https://evil.example/a>')).toBe('\\<https\\://evil.example/a\\>');
    // The escape of `<` or `]` would have joined the link too.
    expect(inert('https://lace.example/x<@1>')).toBe('https\\://lace.example/x\\<\\@1\\>');
    expect(inert('[[a](https://evil.example/n)]')).toBe('\\[\\[a\\](https\\://evil.example/n)\\]');
    expect(inert('x https://a.example/*https://b.example/c_d*')).toBe('x https\\://a.example/\\*https\\://b.example/c\\_d\\*');
    expect(liveMarkup('https://evil.example/x\\*y\\_z')).toEqual(['escape inside a web address: https://evil.example/x\\*y\\_z']);
  });

  test('list and heading markers are escaped only where they start a line', () => {
    expect(inert('1. one\n - two\n3) three')).toBe('1\\. one\n \\- two\n3\\) three');
    expect(inert('pages 1. to 2 - a range + more')).toBe('pages 1. to 2 - a range + more');
  });

  test('joiners inside words and emoji are kept', () => {
    expect(visibleText('👨\u200d👩\u200d👧 می\u200cخواهم')).toBe('👨\u200d👩\u200d👧 می\u200cخواهم');
    expect(visibleText('🏳\ufe0f\u200d🌈 👩🏽\u200d💻 क्\u200dष ❤\ufe0f')).toBe('🏳\ufe0f\u200d🌈 👩🏽\u200d💻 क्\u200dष ❤\ufe0f');
  });

  test('invisible characters of every kind go, by Unicode property; joiners outside words and runs of selectors too', () => {
    expect(visibleText('a\u061cb\u00adc\u3164d\u115fe\uffa0f\u{E0001}\u{E0041}\u{E007F}g\u034fh\u2064i')).toBe('abcdefghi');
    expect(visibleText('one\u2028two\u2029three')).toBe('one\ntwo\nthree');
    expect(visibleText('\u200dlace \u200c lace\u200d')).toBe('lace  lace');
    expect(visibleText('a\ufe0f\ufe0f\u{E0100}b \ufe0f')).toBe('a\ufe0fb ');
  });
});

describe('inertPlain and inertCode', () => {
  test.each(Object.entries(HOSTILE_STRINGS))('%s: one line, nothing invisible, no backslashes', (_name, hostile) => {
    const plain = inertPlain(hostile);
    expect(unsafePlain(plain)).toEqual([]);
    expect(plain).toBe(hostile.replace(INVISIBLE_IN_HOSTILE, '').replace(/\s+/gu, ' ').trim());
  });

  test('a file name is inline code unless it holds a backtick', () => {
    expect(inertCode('corpus/a_b.md')).toBe('`corpus/a_b.md`');
    expect(liveMarkup(inertCode('corpus/a`b`<@1>.md'))).toEqual([]);
  });
});
