import { mkdir, writeFile, readFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { CorpusError, loadCorpus, MAX_ARTICLE_BYTES, parseArticle } from '../../src/corpus/loadCorpus.js';
import { titleFromFileName } from '../../src/corpus/fallbackTitle.js';
import { classifyParagraph } from '../../src/corpus/paragraphs.js';
import type { Article } from '../../src/types.js';
import { tempFolder } from '../support/tempFolder.js';

const corpusDir = path.join(PROJECT_ROOT, 'corpus');
const tempDir = () => tempFolder('corpus');
const paragraphTexts = (a: Article) => a.paragraphs.map((p) => a.text.slice(p.start, p.end));

describe('the real corpus', async () => {
  const { articles, skipped } = await loadCorpus(corpusDir, PROJECT_ROOT);

  it('loads all five articles with project-relative sources', () => {
    expect(skipped).toEqual([]);
    expect(articles.map((a) => a.source)).toEqual(
      readdirSync(corpusDir)
        .sort()
        .map((f) => `corpus/${f}`),
    );
  });

  it('keeps offsets in the coordinates of the file as read by readFileSync', () => {
    for (const a of articles) {
      const file = readFileSync(path.join(PROJECT_ROOT, a.source), 'utf8');
      expect(a.text).toBe(file);
      for (const p of a.paragraphs) expect(p.end).toBeGreaterThan(p.start);
    }
  });

  it('drops scraping residue from every article', () => {
    const residue = [
      /Leave a Reply/u,
      /RECOMMENDATIONS/u,
      /^Recommended$/u,
      /Next Post/u,
      /Your email address/u,
      /^Close$/u,
      /^#\w+ #/u,
      /\(ASIAPRESS\)$/u,
      /iStock/u,
    ];
    for (const a of articles) {
      for (const text of paragraphTexts(a)) {
        for (const pattern of residue) expect(text, `${a.source}: ${text}`).not.toMatch(pattern);
        expect(text.trim()).not.toBe('');
      }
    }
  });

  it('keeps every real paragraph, including the last ones before the residue', () => {
    const all = articles.flatMap(paragraphTexts).join('\n');
    for (const sentence of [
      "It's truly like dying like dogs.",
      'Ultimately, how North Korea handles this situation will determine its internal stability and international standing.',
      '“No matter what happens, you can’t be a prisoner,” he said.',
      'The news coincides with South Korea’s foreign and defense ministers heading to Washington',
      '※ ASIAPRESS communicates with its reporting partners through Chinese cell phones smuggled into North Korea.',
      'Around 10,000 North Korean troops are undergoing military training in eastern Russia',
    ]) {
      expect(all).toContain(sentence);
    }
    // 003 separates paragraphs by single newlines: each line is its own paragraph.
    const a003 = articles.find((a) => a.source.includes('003_')) as Article;
    const lines = a003.text.split('\n').filter((l) => l.trim());
    expect(a003.paragraphs).toHaveLength(lines.length);
  });

  it('numbers paragraphs from 1 in reading order', () => {
    for (const a of articles) {
      expect(a.paragraphs.map((p) => p.number)).toEqual(a.paragraphs.map((_, i) => i + 1));
      for (let i = 1; i < a.paragraphs.length; i += 1) expect(a.paragraphs[i]!.start).toBeGreaterThan(a.paragraphs[i - 1]!.end);
    }
  });

  it('takes a headline as the title, else the opening of the first sentence, never the hash-like file name', () => {
    const title = (prefix: string) => articles.find((a) => a.source.includes(prefix))!.title;
    expect(title('001_')).toBe('North Korea is still hiding deployment of troops to Russia from the people');
    expect(title('004_')).toMatch(/^The secrecy surrounding the North Koreans/u);
    expect(title('003_')).toBe('North Korea is preparing to send soldiers to the front…');
    expect(title('000_')).toBe('The South Korean and U.S. governments have revealed that North…');
    for (const a of articles) expect(a.title).not.toMatch(/[0-9a-f]{16}/u);
  });
});

describe('residue rules are about shape, not these files', () => {
  it.each([
    ['Leave a Reply', 'residue'],
    ['Related Posts', 'residue'],
    ['Share this article:', 'residue'],
    ['Your email address will not be published. Required fields are marked *', 'residue'],
    ['#war #ukraine #korea', 'residue'],
    ['Soldiers rest near the border in March (Photo: Reuters)', 'residue'],
    ['\u00a0', 'residue'],
    ['First casualties', 'heading'],
    ['Close air support was requested three times that night, officials said.', 'prose'],
    ['Recommended daily doses were exceeded by the soldiers, according to medics.', 'prose'],
    ['The South Korean and U.S. governments revealed the figure. (ISHIMARU Jiro / KANG Ji-won) '.repeat(3), 'prose'],
    // A credit is an agency in capitals or a credit word; an abbreviation of the words before it, or any word in brackets, is not.
    ['Map of North Korea (ASIAPRESS)', 'residue'],
    ['The head of the regional rail operator has given his backing to the growing sector of light rail transit (LRT)', 'prose'],
    ['The committee met again on Tuesday to discuss the budget for next year (Tuesday)', 'prose'],
    ['Harriers v Rovers (Sat)', 'prose'],
    ['![Map of the region](images/map.png)', 'residue'],
  ])('%j is %s', (text, kind) => {
    expect(classifyParagraph(text)).toBe(kind);
  });
});

describe('front matter and titles', () => {
  it('reads citation fields and keeps offsets in the original file', () => {
    const text =
      '---\ntitle: A Fine Title\nurl: https://example.org/a\nauthor: Jane Doe\npublished: ' +
      '2024-12-20\nsource: Daily\n---\nFirst real paragraph of the article, long enough to be prose.\n';
    const article = parseArticle('corpus/x.md', new TextEncoder().encode(text)) as Article;
    expect(article.title).toBe('A Fine Title');
    expect(article.meta).toEqual({ url: 'https://example.org/a', author: 'Jane Doe', published: '2024-12-20', publisher: 'Daily' });
    const p = article.paragraphs[0]!;
    expect(text.slice(p.start, p.end)).toBe('First real paragraph of the article, long enough to be prose.');
  });

  it.each([
    ['Is light rail the answer?', 'Is light rail the answer?'],
    ['Harriers v Rovers (Sat)', 'Harriers v Rovers (Sat)'],
  ])('takes the headline %j as the title, so ¶1 is the first paragraph of the body', (headline, title) => {
    const body = 'The club confirmed on Friday that the match would go ahead as planned despite the weather.';
    const article = parseArticle('corpus/sport/309.txt', new TextEncoder().encode(`${headline}\n\n${body}\n`)) as Article;
    expect(article.title).toBe(title);
    expect(paragraphTexts(article)[0]).toBe(body);
  });

  it('titles an article without a headline by its first sentence, shortened with an ellipsis, not by a hash-like name', () => {
    const text = 'Officials from the regional rail operator said on Tuesday that fares would not rise this year. More followed.';
    const long = parseArticle('corpus/000_682c3029859b1b8c.txt', new TextEncoder().encode(text)) as Article;
    expect(long.title).toBe('Officials from the regional rail operator said on Tuesday that…');
    const short = parseArticle(
      'corpus/17.txt',
      new TextEncoder().encode('Fares will not rise this year, officials said. More followed.'),
    ) as Article;
    expect(short.title).toBe('Fares will not rise this year, officials said');
  });

  it('warns about front matter that is not valid YAML, and indexes the article without it', () => {
    const warnings: string[] = [];
    const text = '---\ntitle: [unclosed\n---\nThe body of the article is still here and long enough to be prose.\n';
    const article = parseArticle('corpus/broken.md', new TextEncoder().encode(text), (w) => warnings.push(w)) as Article;
    expect(paragraphTexts(article)).toEqual(['The body of the article is still here and long enough to be prose.']);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^corpus\/broken\.md: front matter is not valid YAML \(.+\); indexed without its title, URL, author and date fields\.$/u,
      ),
    ]);
  });

  it('invents nothing when fields are missing', () => {
    const article = parseArticle('corpus/my-great_article.md', new TextEncoder().encode('Just one sentence of text here.')) as Article;
    expect(article.title).toBe('My great article');
    expect(article.meta).toEqual({});
    expect(titleFromFileName('a/b/x-y.txt')).toBe('X y');
  });

  it('treats a Markdown heading as a heading paragraph that starts after the marker', () => {
    const text = '# Big news\n\n## Section one\n\nThe body sentence is here.';
    const article = parseArticle('corpus/a.md', new TextEncoder().encode(text)) as Article;
    expect(article.title).toBe('Big news');
    const section = article.paragraphs.find((p) => p.heading)!;
    expect(text.slice(section.start, section.end)).toBe('Section one');
  });
});

describe('bad input is skipped with a reason, never a crash', () => {
  it('handles every kind in one run', async () => {
    const dir = tempDir();
    const root = path.dirname(dir);
    const good = 'A perfectly good article sentence that is long enough to count as prose.\n';
    await mkdir(path.join(dir, 'nested', 'deeper'), { recursive: true });
    await mkdir(path.join(dir, '.hidden'), { recursive: true });
    await writeFile(path.join(dir, 'good.txt'), good);
    await writeFile(path.join(dir, 'nested', 'deeper', 'crlf.md'), 'Title Line Here\r\n\r\nA paragraph with Windows line ends in it.\r\n');
    await writeFile(path.join(dir, 'bom.txt'), `\uFEFF${good.replace('good', 'other')}`);
    await writeFile(path.join(dir, 'copy.txt'), good);
    await writeFile(path.join(dir, 'empty.txt'), '');
    await writeFile(path.join(dir, 'spaces.txt'), '  \n\n \u00a0 \n');
    await writeFile(path.join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
    await writeFile(path.join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 au lait is served here every day.', 'latin1'));
    await writeFile(path.join(dir, 'huge.txt'), Buffer.alloc(MAX_ARTICLE_BYTES * 2 + 10, 'a'));
    await writeFile(path.join(dir, 'furniture.txt'), 'Leave a Reply\n\nClose\n');
    await writeFile(path.join(dir, 'notes.pdf'), good);
    await writeFile(path.join(dir, 'notes.docx'), good);
    await writeFile(path.join(dir, '.hidden', 'secret.txt'), good);

    const { articles, skipped } = await loadCorpus(dir, root);
    const rel = (f: string) => path.relative(root, path.join(dir, f));
    expect(articles.map((a) => a.source).sort()).toEqual([rel('bom.txt'), rel('copy.txt'), rel('nested/deeper/crlf.md')].sort());
    const reasons = Object.fromEntries(skipped.map((s) => [path.basename(s.source), s.reason]));
    // Files are read in sorted order, so copy.txt is the original and good.txt its duplicate.
    expect(reasons['good.txt']).toBe(`duplicate of ${rel('copy.txt')}`);
    expect(reasons['empty.txt']).toBe('empty file');
    expect(reasons['spaces.txt']).toBe('only whitespace');
    expect(reasons['binary.txt']).toMatch(/binary/u);
    expect(reasons['latin1.txt']).toMatch(/UTF-8/u);
    expect(reasons['huge.txt']).toMatch(/too large/u);
    expect(reasons['furniture.txt']).toMatch(/no article text/u);
    expect(reasons['notes.pdf']).toBe('not a PDF file (no %PDF- header)');
    expect(reasons['notes.docx']).toBe('not a Word .docx file (not a zip package)');
    expect(Object.keys(reasons).sort()).toEqual([
      'binary.txt',
      'empty.txt',
      'furniture.txt',
      'good.txt',
      'huge.txt',
      'latin1.txt',
      'notes.docx',
      'notes.pdf',
      'spaces.txt',
    ]);

    const bom = articles.find((a) => a.source.endsWith('bom.txt'))!;
    const onDisk = await readFile(path.join(dir, 'bom.txt'), 'utf8');
    const p = bom.paragraphs[0]!;
    expect(bom.text.slice(p.start, p.end)).toBe(onDisk.slice(p.start, p.end));
    expect(onDisk.slice(p.start, p.end)).toMatch(/^A perfectly other article/u);
  });

  it('refuses an empty or missing folder with a clear error', async () => {
    const dir = tempDir();
    await expect(loadCorpus(dir, dir)).rejects.toThrow(CorpusError);
    await expect(loadCorpus(dir, dir)).rejects.toThrow(/No articles \(\.txt, \.md, \.mdx, \.html, \.htm, \.pdf, \.docx\)/u);
    await expect(loadCorpus(path.join(dir, 'nope'), dir)).rejects.toThrow(/does not exist/u);
  });
});
