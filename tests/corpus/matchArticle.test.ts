/** The one article resolver, as the bot uses it (no terminal context) and as `ask --source` does. */
import { describe, expect, test } from 'vitest';
import { matchArticle } from '../../src/corpus/matchArticle.js';

const articles = [
  { source: 'corpus/tech/100.txt', title: 'Ports and firewalls' },
  { source: 'corpus/sport/100.txt', title: 'The cup final' },
  { source: 'corpus/Tide.md', title: 'Tides' },
  { source: 'corpus/tide.md', title: 'Tide tables' },
  { source: 'corpus/lighthouse.txt', title: 'The Cup Final' },
];

describe('matchArticle without a terminal context (the bot)', () => {
  test('a file name in two folders is ambiguous and names both, sorted', () => {
    expect(matchArticle(articles, '100.txt')).toEqual({ kind: 'ambiguous', sources: ['corpus/sport/100.txt', 'corpus/tech/100.txt'] });
  });

  test('the end of a path, a source in any case, or a title names one article', () => {
    expect(matchArticle(articles, 'tech/100.txt')).toEqual({ kind: 'match', source: 'corpus/tech/100.txt' });
    expect(matchArticle(articles, 'CORPUS/LIGHTHOUSE.TXT')).toEqual({ kind: 'match', source: 'corpus/lighthouse.txt' });
    expect(matchArticle(articles, '  ports and firewalls ')).toEqual({ kind: 'match', source: 'corpus/tech/100.txt' });
  });

  test('sources that differ only in case are told apart by the exact spelling', () => {
    expect(matchArticle(articles, 'corpus/Tide.md')).toEqual({ kind: 'match', source: 'corpus/Tide.md' });
    expect(matchArticle(articles, 'CORPUS/TIDE.MD')).toEqual({ kind: 'ambiguous', sources: ['corpus/Tide.md', 'corpus/tide.md'] });
  });

  test('a title shared by two articles is ambiguous; nothing and blanks match none', () => {
    expect(matchArticle(articles, 'the cup final')).toEqual({
      kind: 'ambiguous',
      sources: ['corpus/lighthouse.txt', 'corpus/sport/100.txt'],
    });
    expect(matchArticle(articles, 'no-such.txt')).toEqual({ kind: 'none' });
    expect(matchArticle(articles, '   ')).toEqual({ kind: 'none' });
  });
});
