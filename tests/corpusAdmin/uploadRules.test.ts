import { describe, expect, test } from 'vitest';
import { checkUpload, MAX_UPLOAD_BYTES, safeFileName } from '../../src/corpusAdmin/uploadRules.js';

describe('what /corpus add accepts', () => {
  test('article formats up to the size limit, under a safe file name', () => {
    expect(checkUpload({ name: 'Field Notes (draft).MD', size: 10 })).toEqual({ ok: true, fileName: 'Field-Notes-draft.md' });
    expect(checkUpload({ name: 'report.pdf', size: MAX_UPLOAD_BYTES })).toEqual({ ok: true, fileName: 'report.pdf' });
    expect(checkUpload({ name: 'page.htm', size: 1 })).toMatchObject({ ok: true });
    /* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers as any. */
    expect(checkUpload({ name: 'tool.exe', size: 10 })).toMatchObject({ ok: false, reason: expect.stringMatching(/\(\.exe\)/u) });
    expect(checkUpload({ name: 'README', size: 10 })).toMatchObject({ ok: false, reason: expect.stringMatching(/no extension/u) });
    expect(checkUpload({ name: 'big.txt', size: MAX_UPLOAD_BYTES + 1 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/limit is 5\.0 MB/u),
    });
    /* eslint-enable @typescript-eslint/no-unsafe-assignment */
    expect(checkUpload({ name: 'empty.txt', size: 0 })).toMatchObject({ ok: false, reason: 'That file is empty.' });
  });

  test('a file name cannot leave the corpus folder, hide itself or carry markup', () => {
    expect(safeFileName('../../etc/passwd.txt')).toBe('passwd.txt');
    expect(safeFileName('..\\..\\boot.md')).toBe('boot.md');
    expect(safeFileName('.hidden.txt')).toBe('hidden.txt');
    expect(safeFileName('<@123> **bold**.md')).toBe('123-bold.md');
    expect(safeFileName('....md')).toBe('article.md');
    expect(safeFileName('Café crème.txt')).toBe('Cafe-creme.txt');
    expect(safeFileName('北京 2024.md')).toBe('北京-2024.md');
    expect(safeFileName('\u202eevil\u200b.txt')).toBe('evil.txt');
  });

  test('a long name is cut to 200 bytes of UTF-8 at a character boundary, whatever the script', () => {
    expect(safeFileName(`${'北'.repeat(90)}.md`)).toBe(`${'北'.repeat(65)}.md`);
    expect(safeFileName(`${'a'.repeat(300)}.docx`)).toBe(`${'a'.repeat(195)}.docx`);
    // Hangul comes apart into jamo (NFKD): a syllable (3 jamo, 9 bytes) is never split; 21 fit beside .md (192 bytes).
    expect(safeFileName(`${'한'.repeat(40)}.md`)).toBe(`${'한'.normalize('NFKD').repeat(21)}.md`);
    // A dash left at the cut is trimmed like any other.
    expect(safeFileName(`${'é'.repeat(196)} x.md`)).toBe(`${'e'.repeat(196)}.md`);
  });
});
