import { describe, expect, test } from 'vitest';
import { checkUpload, MAX_UPLOAD_BYTES, safeFileName } from '../../src/corpusAdmin/uploadRules.js';

describe('what /corpus add accepts', () => {
  test('article formats up to the size limit, under a safe file name', () => {
    expect(checkUpload({ name: 'Field Notes (draft).MD', size: 10 })).toEqual({ ok: true, fileName: 'Field-Notes-draft.md' });
    expect(checkUpload({ name: 'report.pdf', size: MAX_UPLOAD_BYTES })).toEqual({ ok: true, fileName: 'report.pdf' });
    expect(checkUpload({ name: 'page.htm', size: 1 })).toMatchObject({ ok: true });
    expect(checkUpload({ name: 'tool.exe', size: 10 })).toMatchObject({ ok: false, reason: expect.stringMatching(/\(\.exe\)/u) });
    expect(checkUpload({ name: 'README', size: 10 })).toMatchObject({ ok: false, reason: expect.stringMatching(/no extension/u) });
    expect(checkUpload({ name: 'big.txt', size: MAX_UPLOAD_BYTES + 1 })).toMatchObject({ ok: false, reason: expect.stringMatching(/limit is 5\.0 MB/u) });
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
});
