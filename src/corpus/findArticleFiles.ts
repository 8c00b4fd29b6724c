/**
 * Which files of a corpus folder are articles. Walks the folder itself (rather than one
 * recursive readdir) so that an unreadable subfolder is skipped with a reason instead of
 * aborting the walk, and symbolic links are followed, each real folder once (a link back up
 * the tree is reported, not looped through). `.verbatimignore` (gitignore syntax) leaves
 * files out; READMEs, licences and dot-files are left out by default.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { SkippedFile } from '../types.js';
import { ARTICLE_EXTENSIONS } from './articleFormat.js';

export const IGNORE_FILE = '.verbatimignore';
/** Left out unless `.verbatimignore` re-includes them (`!README.md`): they describe the folder, they are not its articles. */
export const DEFAULT_IGNORES = ['.*', 'README*', 'LICENSE*', 'LICENCE*'];

export class CorpusError extends Error {
  override name = 'CorpusError';
}

/** The file-system calls the walk makes; tests replace them to fail where root cannot be refused. */
export interface CorpusFileSystem {
  readdir(dir: string): Promise<Dirent[]>;
  stat(file: string): Promise<Stats>;
  realpath(file: string): Promise<string>;
}

const nodeFileSystem: CorpusFileSystem = {
  readdir: (dir) => readdir(dir, { withFileTypes: true }),
  stat: (file) => stat(file),
  realpath: (file) => realpath(file),
};

export interface FoundFiles {
  /** Absolute paths, sorted. */
  files: string[];
  /** Folders and links that could not be walked, with the reason. */
  skipped: SkippedFile[];
  /** Corpus-relative paths left out by the default rules (READMEs, licences, dot-files). */
  leftOutByDefault: string[];
  /** How many entries `.verbatimignore` left out. */
  ignored: number;
}

async function readIgnoreFile(dir: string): Promise<string> {
  try {
    return await readFile(path.join(dir, IGNORE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new CorpusError(
      `${path.join(dir, IGNORE_FILE)} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
    );
  }
}

/** The corpus folder's own `.verbatimignore`, and it with the default rules. */
async function corpusRules(dir: string): Promise<{ userRules: Ignore; allRules: Ignore }> {
  const userRules = ignore().add(await readIgnoreFile(dir));
  return { userRules, allRules: ignore().add(DEFAULT_IGNORES).add(userRules) };
}

/**
 * Why the file at `relative` (to the corpus folder, `/`-separated) is not an article of it by the
 * folder's rules, or null when it would be.
 */
export async function leftOutBecause(dir: string, relative: string): Promise<string | null> {
  const { userRules, allRules } = await corpusRules(dir);
  if (!allRules.ignores(relative)) return null;
  if (userRules.ignores(relative)) return `the corpus folder's ${IGNORE_FILE} leaves out ${relative}`;
  return (
    'files named README…, LICENSE… or starting with a dot describe the corpus ' +
    'folder and are left out of it; rename the file to add it as an article'
  );
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Every article file under `dir`. `describe` turns an absolute path into the name reports use
 * (the source path), so skipped folders read like skipped files.
 */
export async function findArticleFiles(
  dir: string,
  describe: (file: string) => string = (file) => file,
  fileSystem: CorpusFileSystem = nodeFileSystem,
): Promise<FoundFiles> {
  let rootReal: string;
  try {
    if (!(await fileSystem.stat(dir)).isDirectory()) throw new CorpusError(`The corpus path ${dir} is a file, not a folder.`);
    rootReal = await fileSystem.realpath(dir);
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    if (errorCode(error) === 'ENOENT') throw new CorpusError(`The corpus folder ${dir} does not exist. Create it and put articles in it.`);
    throw new CorpusError(`The corpus folder ${dir} cannot be read (${errorCode(error)}).`);
  }
  const { userRules, allRules } = await corpusRules(dir);
  const found: FoundFiles = { files: [], skipped: [], leftOutByDefault: [], ignored: 0 };
  const visited = new Map<string, string>([[rootReal, dir]]);

  const walk = async (folder: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fileSystem.readdir(folder);
    } catch (error) {
      found.skipped.push({
        source: `${describe(folder)}/`,
        reason: `folder cannot be read (${errorCode(error)}); its files were left out`,
      });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(folder, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await fileSystem.stat(full);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          found.skipped.push({ source: describe(full), reason: `symbolic link to nothing (${errorCode(error)})` });
          continue;
        }
      }
      if (!isDirectory && !isFile) continue;
      const relative = path.relative(dir, full).split(path.sep).join('/');
      const rulePath = isDirectory ? `${relative}/` : relative;
      if (allRules.ignores(rulePath)) {
        if (userRules.ignores(rulePath)) found.ignored += 1;
        else if (entry.name !== IGNORE_FILE && !entry.name.startsWith('.verbatim')) found.leftOutByDefault.push(relative);
        continue;
      }
      if (isFile) {
        if (ARTICLE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) found.files.push(full);
        continue;
      }
      let real: string;
      try {
        real = await fileSystem.realpath(full);
      } catch (error) {
        found.skipped.push({
          source: `${describe(full)}/`,
          reason: `folder cannot be read (${errorCode(error)}); its files were left out`,
        });
        continue;
      }
      const seen = visited.get(real);
      if (seen !== undefined) {
        found.skipped.push({
          source: `${describe(full)}/`,
          reason: `the same folder as ${describe(seen)}/ (a symbolic link leads to it); read once`,
        });
        continue;
      }
      visited.set(real, full);
      await walk(full);
    }
  };
  await walk(dir);
  found.files.sort();
  return found;
}
