import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findArticleFiles, type CorpusFileSystem } from '../../src/corpus/findArticleFiles.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { realpath, stat } from 'node:fs/promises';
import { tempFolder } from '../support/tempFolder.js';

const PROSE = 'A perfectly good article sentence that is long enough to count as prose.\n';
const tempCorpus = async () => {
  const root = tempFolder('folders');
  const dir = path.join(root, 'corpus');
  await mkdir(dir);
  return { root, dir };
};
const write = async (dir: string, file: string, text: string) => {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
};
const sourcesOf = (articles: Array<{ source: string }>) => articles.map((a) => a.source).sort();

describe('messy folders', () => {
  it('skips an unreadable subfolder with a reason and indexes the rest', async () => {
    const { root, dir } = await tempCorpus();
    await write(dir, 'a.txt', PROSE);
    await write(dir, 'locked/b.txt', PROSE.replace('good', 'other'));
    await write(dir, 'open/c.txt', PROSE.replace('good', 'third'));
    // Tests run as root, whom chmod cannot lock out: the refusal comes from the file system layer instead.
    const refusing: CorpusFileSystem = {
      readdir: async (folder) => {
        if (path.basename(folder) === 'locked')
          throw Object.assign(new Error(`EACCES: permission denied, scandir '${folder}'`), { code: 'EACCES' });
        return readdir(folder, { withFileTypes: true });
      },
      stat: (file) => stat(file),
      realpath: (file) => realpath(file),
    };
    const { articles, skipped } = await loadCorpus(dir, root, { fileSystem: refusing });
    expect(sourcesOf(articles)).toEqual(['corpus/a.txt', 'corpus/open/c.txt']);
    expect(skipped).toEqual([{ source: 'corpus/locked/', reason: 'folder cannot be read (EACCES); its files were left out' }]);
  });

  it('follows symbolic links to files and folders, and reads a folder reached twice once', async () => {
    const { root, dir } = await tempCorpus();
    const outside = path.join(root, 'elsewhere');
    await write(outside, 'linked-folder-article.txt', PROSE.replace('good', 'linked'));
    await write(root, 'loose.txt', PROSE.replace('good', 'loose'));
    await write(dir, 'own.txt', PROSE);
    await symlink(outside, path.join(dir, 'shared'));
    await symlink(path.join(root, 'loose.txt'), path.join(dir, 'loose-link.txt'));
    await symlink(dir, path.join(dir, 'loop')); // a link back up the tree
    await symlink(path.join(root, 'missing.txt'), path.join(dir, 'dangling.txt'));
    const { articles, skipped } = await loadCorpus(dir, root);
    expect(sourcesOf(articles)).toEqual(['corpus/loose-link.txt', 'corpus/own.txt', 'corpus/shared/linked-folder-article.txt']);
    expect(skipped.map((s) => s.source).sort()).toEqual(['corpus/dangling.txt', 'corpus/loop/']);
    expect(skipped.find((s) => s.source === 'corpus/loop/')?.reason).toMatch(/same folder as corpus\/ .*read once/u);
    expect(skipped.find((s) => s.source === 'corpus/dangling.txt')?.reason).toMatch(/symbolic link to nothing/u);
  });

  it('leaves out READMEs, licences and dot-files by default, saying so in one line, in any case of name', async () => {
    const { root, dir } = await tempCorpus();
    await write(dir, 'article.txt', PROSE);
    await write(dir, 'README.TXT', PROSE.replace('good', 'readme'));
    await write(dir, 'sub/LICENSE.md', PROSE.replace('good', 'licence'));
    await write(dir, '.draft.txt', PROSE.replace('good', 'draft'));
    await write(dir, '.git/notes.txt', PROSE.replace('good', 'git'));
    const lines: string[] = [];
    const { articles, skipped } = await loadCorpus(dir, root, { log: (line) => lines.push(line) });
    expect(sourcesOf(articles)).toEqual(['corpus/article.txt']);
    expect(skipped).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Left out by default \(READMEs, licences, dot-files\): /u);
    for (const name of ['README.TXT', 'sub/LICENSE.md', '.draft.txt', '.git']) expect(lines[0]).toContain(name);
  });

  it('honours .verbatimignore in gitignore syntax, including re-including a default', async () => {
    const { root, dir } = await tempCorpus();
    await write(dir, '.verbatimignore', '# drafts are not articles\ndrafts/\n*.tmp.md\n!README.md\n');
    await write(dir, 'README.md', PROSE.replace('good', 'readme'));
    await write(dir, 'kept.md', PROSE);
    await write(dir, 'scratch.tmp.md', PROSE.replace('good', 'scratch'));
    await write(dir, 'drafts/one.txt', PROSE.replace('good', 'draft'));
    await write(dir, 'nested/drafts/two.txt', PROSE.replace('good', 'nested draft'));
    const lines: string[] = [];
    const { articles } = await loadCorpus(dir, root, { log: (line) => lines.push(line) });
    expect(sourcesOf(articles)).toEqual(['corpus/README.md', 'corpus/kept.md']);
    expect(lines).toEqual(['Left out by .verbatimignore: 3 file(s) or folder(s).']);
  });

  it('finds files in sorted order, so duplicates and numbering do not depend on the file system', async () => {
    const { dir } = await tempCorpus();
    for (const name of ['b.txt', 'a/z.md', 'a/b.html', 'c.PDF', 'd.docx', 'skip.odt']) await write(dir, name, PROSE);
    const found = await findArticleFiles(dir);
    expect(found.files.map((f) => path.relative(dir, f))).toEqual(['a/b.html', 'a/z.md', 'b.txt', 'c.PDF', 'd.docx']);
  });
});
