import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { JsonAnswer } from '../../src/render/json.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { MODEL_CACHE_DIR } from '../support/testConfig.js';
import { tempFolder } from '../support/tempFolder.js';

// A corpus outside the project, with the same file name in two folders, and an index nowhere near ./data.
const dir = tempFolder('ask-options');
const corpusDir = path.join(dir, 'news');
const indexDir = path.join(dir, 'elsewhere', 'index');
const article = (topic: string) =>
  `${topic} news of the week\n\nThe ${topic} desk reports that the new stadium ` +
  `opened on Saturday with ten thousand people watching the ${topic} final.\n`;
for (const topic of ['tech', 'sport']) {
  await mkdir(path.join(corpusDir, topic), { recursive: true });
  await writeFile(path.join(corpusDir, topic, '100.txt'), article(topic));
}
// Terminal control sequences inside an article: clear the screen, ring the bell, retitle the window.
await writeFile(
  path.join(corpusDir, 'tech', 'escapes.txt'),
  'Escapes\n\nThe printer manual says the \u001b[2Jscreen is cleared\u0007 ' +
    'before every page, and the \u001b]0;owned\u0007window keeps its title.\n',
);

function ask(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/ask.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    // INDEX_DIR and CORPUS_DIR point at an empty folder: the flags must win over them.
    env: {
      ...process.env,
      CORPUS_DIR: path.join(dir, 'empty'),
      INDEX_DIR: path.join(dir, 'empty-index'),
      MODEL_CACHE_DIR,
      EMBEDDING_MODEL: OFFLINE_MODEL,
    },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('ask --index / --corpus / --source', () => {
  // Cited from the corpus folder's own name, wherever it lies (not "../../tmp/…").
  const sources = ['tech', 'sport'].map((topic) => `${path.basename(corpusDir)}/${topic}/100.txt`);

  it('builds the index it is told to from the corpus it is told to, saying which, and takes a path inside the corpus as --source', () => {
    const run = ask(['--json', '--index', indexDir, '--corpus', corpusDir, '--source', 'tech/100.txt', 'When did the stadium open?']);
    expect(run.stderr).toContain(`No index in ${indexDir} yet: building it from the corpus ${corpusDir} first`);
    expect(run.status).toBe(0);
    const { results } = JSON.parse(run.stdout) as JsonAnswer;
    expect(results.length).toBeGreaterThan(0);
    expect(new Set(results.map((r) => r.source))).toEqual(new Set([sources[0]]));
  });

  it('refuses a file name two articles share, listing them', () => {
    const ambiguous = ask(['--json', '--index', indexDir, '--source', '100.txt', 'stadium']);
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toContain('"100.txt" matches 2 articles');
    for (const source of sources) expect(ambiguous.stderr).toContain(`  ${source}`);
  });
});

describe('ask output', () => {
  it('prints corpus text with its control sequences made inert', () => {
    const run = ask(['--index', indexDir, '--source', 'tech/escapes.txt', 'When is the screen cleared?']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('screen is cleared before every page');
    // eslint-disable-next-line no-control-regex -- no control character but tab and newline may reach the terminal.
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/u);
  });

  it('ends quietly when the reader of its output stops reading (| head -1)', () => {
    const questions = Array.from({ length: 200 }, (_, i) => `When did the stadium open? ${i}`).join('\n');
    const script = `printf '%s\\n' "$QUESTIONS" | "$NODE" --import tsx scripts/ask.ts --json --index "$INDEX" | head -1`;
    const run = spawnSync('bash', ['-c', script], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        QUESTIONS: questions,
        NODE: process.execPath,
        INDEX: indexDir,
        MODEL_CACHE_DIR,
        EMBEDDING_MODEL: OFFLINE_MODEL,
      },
    });
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect((JSON.parse(run.stdout) as JsonAnswer).question).toBe('When did the stadium open? 0');
    expect(run.stderr).not.toMatch(/EPIPE|\s+at /u);
  });
});
