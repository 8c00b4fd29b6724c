import { describe, expect, test } from 'vitest';
import { isPublicHost } from '../../src/corpusAdmin/publicAddress.js';
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

  test('only public hosts are fetched from', async () => {
    for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '[::1]', '[fe80::1]', '[::ffff:127.0.0.1]', '0.0.0.0']) {
      expect(await isPublicHost(host), host).toBe(false);
    }
    for (const host of ['93.184.215.14', '[2606:4700::1111]']) expect(await isPublicHost(host), host).toBe(true);
    expect(await isPublicHost('no-such-host.invalid')).toBe(false);
  });
});
