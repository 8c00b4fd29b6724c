import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageCommands, slashCommands } from '../../src/bot/commands/index.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { seedCorpus } from '../support/seedCorpus.js';

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', script), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/** The keys `ask --help` describes: `{"a", "b", "results": [{"c", "d"?}]}`, a `?` marking a key only some results have. */
function describedKeys(help: string) {
  const shape = /\{"question"[\s\S]*?\}\]\}/u.exec(help)?.[0] ?? '';
  const [top = '', inner = ''] = shape.split('[{');
  const names = (text: string) => [...text.matchAll(/"([a-zA-Z]+)"(\?)?/gu)].map((m) => ({ name: m[1] as string, optional: m[2] === '?' }));
  return { answer: names(top).map((k) => k.name), result: names(inner) };
}

describe('--help', () => {
  it('ask --help describes the keys of a real ask --json answer', () => {
    const { config } = seedCorpus();
    const described = describedKeys(run('ask.ts', ['--help']));
    const answer = JSON.parse(
      run('ask.ts', ['--json', 'How many soldiers has North Korea deployed to Russia?'], {
        CORPUS_DIR: config.corpusDir,
        INDEX_DIR: config.indexDir,
        MODEL_CACHE_DIR: config.modelCacheDir,
        EMBEDDING_MODEL: config.embeddingModel,
      }),
    ) as Record<string, unknown> & { results: Array<Record<string, unknown>> };

    expect(described.answer.sort()).toEqual(Object.keys(answer).sort());
    expect(answer.results.length).toBeGreaterThan(0);
    const required = described.result.filter((k) => !k.optional).map((k) => k.name);
    const all = described.result.map((k) => k.name);
    for (const result of answer.results) {
      expect(Object.keys(result)).toEqual(expect.arrayContaining(required));
      expect(all).toEqual(expect.arrayContaining(Object.keys(result)));
    }
    // Written out, so a key dropped from both the help and the answer still fails here.
    expect(all.sort()).toEqual([
      'answers',
      'end',
      'file',
      'highlight',
      'kind',
      'language',
      'page',
      'paragraph',
      'score',
      'section',
      'source',
      'start',
      'text',
      'textFile',
      'title',
    ]);
  });

  it('register --help names every command it registers', () => {
    const help = run('register.ts', ['--help']);
    expect([...slashCommands.keys()].filter((name) => !help.includes(`/${name}`))).toEqual([]);
    expect([...messageCommands.keys()].filter((name) => !help.includes(`"${name}"`))).toEqual([]);
  });
});
