import { describe, expect, test } from 'vitest';
import { inert, inertCode, inertPlain, visibleText } from '../../src/render/inert.js';
import { HOSTILE_STRINGS, INVISIBLE_IN_HOSTILE } from '../support/hostileText.js';
import { liveMarkup, shown, unsafePlain } from '../support/liveMarkup.js';

describe('inert', () => {
  test.each(Object.entries(HOSTILE_STRINGS))('%s: nothing live, and the reader sees the same characters', (_name, hostile) => {
    const markdown = inert(hostile);
    expect(liveMarkup(markdown)).toEqual([]);
    expect(shown(markdown)).toBe(hostile.replace(INVISIBLE_IN_HOSTILE, ''));
  });

  test('escapes every masked link on a line, not only the first', () => {
    expect(inert('[a](https://x.example) [b](https://y.example) [c](https://z.example)')).toBe(
      '\\[a\\](https://x.example) \\[b\\](https://y.example) \\[c\\](https://z.example)',
    );
  });

  test('a bare address stays as it is (its text is its target); markup beside it is escaped', () => {
    expect(inert('see https://lace.example/a_b_c, then _this_')).toBe('see https://lace.example/a_b_c, then \\_this\\_');
    expect(inert('https://lace.example/x<@1>')).toBe('https://lace.example/x\\<\\@1\\>');
  });

  test('list and heading markers are escaped only where they start a line', () => {
    expect(inert('1. one\n - two\n3) three')).toBe('1\\. one\n \\- two\n3\\) three');
    expect(inert('pages 1. to 2 - a range + more')).toBe('pages 1. to 2 - a range + more');
  });

  test('joiners inside words and emoji are kept', () => {
    expect(visibleText('👨\u200d👩\u200d👧 می\u200cخواهم')).toBe('👨\u200d👩\u200d👧 می\u200cخواهم');
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
