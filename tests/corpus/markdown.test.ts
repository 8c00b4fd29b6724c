import { describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/chunking/chunkArticle.js';
import { convertMarkdown } from '../../src/corpus/convertMarkdown.js';
import { parseConvertedArticle } from '../../src/corpus/loadCorpus.js';
import type { Article } from '../../src/types.js';

const DOCS_PAGE = `---
title: Networking
sidebar_position: 3
---
import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';

<!-- markdownlint-disable MD041 -->

# Networking

The server listens on **port 8096** by default. See the [reverse proxy guide](../proxy.md) for \`https\` setups.

## Ports

| Port | Protocol | Use |
| --- | --- | --- |
| 8096 | TCP | *HTTP* traffic |

- Open \`8096\` in your [firewall](https://example.org/fw).
- Restart the __service__ after a change.

:::note

Admonition content is *text* a reader sees.

:::

\`\`\`yaml
services:
  app:
    ports:
      - 8096:8096
\`\`\`

### Host networking

<Tabs>
<TabItem value="docker" label="Docker">

Run the container with \`--net=host\` to use<sup>1</sup> host networking.

</TabItem>
</Tabs>

    indented code block stays out

## Backups

> Back up the **data** folder ![a picture](backup.png) before every upgrade.
`;

const encode = (text: string) => new TextEncoder().encode(text);
const markdownArticle = async (source: string, text: string) => (await parseConvertedArticle(source, 'markdown', encode(text))) as Article;

describe('Markdown pages', () => {
  it('become a snapshot of the words a reader sees: no links, marks, imports, comments, JSX or admonition fences; code as written', () => {
    const converted = convertMarkdown(DOCS_PAGE);
    expect(converted.title).toBe('Networking');
    expect(converted.text.split('\n\n')).toEqual([
      'The server listens on port 8096 by default. See the reverse proxy guide for https setups.',
      'Ports',
      'Port · Protocol · Use',
      '8096 · TCP · HTTP traffic',
      'Open 8096 in your firewall.',
      'Restart the service after a change.',
      'Admonition content is text a reader sees.',
      'services:\n  app:\n    ports:\n      - 8096:8096',
      'Host networking',
      'Run the container with --net=host to use1 host networking.',
      'indented code block stays out',
      'Backups',
      'Back up the data folder before every upgrade.',
    ]);
    for (const markup of ['](', '**', '__', '`', '#', ':::', '<', '>', '|', 'import', 'markdownlint', 'sidebar_position']) {
      expect(converted.text).not.toContain(markup);
    }
  });

  it('cite each paragraph with its section and number it among what a reader sees, and every passage is verbatim in the snapshot', async () => {
    const article = await markdownArticle('docs/networking.md', DOCS_PAGE);
    expect(article.format).toBe('markdown');
    const cited = (words: string) => article.paragraphs.find((p) => article.text.slice(p.start, p.end).includes(words));
    expect(cited('listens on port')).toMatchObject({ number: 1, heading: false });
    expect(cited('listens on port')?.section).toBeUndefined();
    expect(cited('8096 · TCP')).toMatchObject({ number: 4, section: ['Ports'] });
    expect(cited('Admonition content')).toMatchObject({ number: 7, section: ['Ports'] });
    expect(cited('--net=host')).toMatchObject({ number: 10, section: ['Ports', 'Host networking'] });
    expect(cited('Back up the data')).toMatchObject({ number: 13, section: ['Backups'] });
    // A code block is a paragraph of its own, marked as code with its fence's language (none for indented code).
    expect(cited('services:')).toMatchObject({ number: 8, section: ['Ports'], code: { language: 'yaml' } });
    expect(cited('indented code')).toMatchObject({ number: 11, code: {} });
    expect(cited('Open 8096')?.list).toEqual({ list: 1, ordered: false });

    const passages = chunkArticle(article, { maxTokens: 128 });
    expect(passages.length).toBeGreaterThanOrEqual(4);
    for (const passage of passages) {
      expect(article.text.slice(passage.start, passage.end)).toBe(passage.text);
      expect(passage.text).not.toMatch(/[`*#<>[\]|]|:::/u);
      // A passage never runs across sections: all its paragraphs have the section of its first.
      const sections = new Set(article.paragraphs.filter((p) => passage.paragraphs.includes(p.number)).map((p) => p.section?.join(' › ')));
      expect(sections.size).toBe(1);
    }
  });

  it.each([
    [
      'front matter gives the title',
      '---\ntitle: Installing on Linux\n---\n# Install\n\nDownload the package for your distribution.\n',
      'docs/linux.md',
      'Installing on Linux',
    ],
    [
      'without front matter, the first heading, never a comment',
      '<!-- markdownlint-disable MD041 -->\n\n## Video codecs\n\nThe server transcodes any codec a client cannot play.\n',
      'docs/_video-codecs.md',
      'Video codecs',
    ],
    [
      'a heading after prose still names the page',
      'The server transcodes any codec a client cannot play.\n\n# Video codecs\n\nHardware acceleration needs a driver.\n',
      'docs/_video.md',
      'Video codecs',
    ],
    [
      'without a heading, a first line that reads as a headline, as in a text file',
      'Tide Pools of Marrow Bay\n\nThe tide pools hold seventeen species of anemone.\n',
      'docs/tides.md',
      'Tide Pools of Marrow Bay',
    ],
    [
      'without a heading, the file name',
      '<!-- markdownlint-disable MD041 -->\n\nThe server transcodes any codec a client cannot play.\n',
      'docs/_video-partial.md',
      'Video partial',
    ],
  ])('titles: %s', async (_rule, text, source, title) => {
    expect((await markdownArticle(source, text)).title).toBe(title);
  });

  it('keep the heading that named the page out of the paragraphs', async () => {
    const article = await markdownArticle(
      'docs/_video.md',
      '<!-- a comment -->\n\n# Video codecs\n\nThe server transcodes any codec a client cannot play.\n',
    );
    expect(article.text).toBe('The server transcodes any codec a client cannot play.');
    expect(article.paragraphs).toEqual([{ start: 0, end: article.text.length, number: 1, heading: false }]);
  });

  it('warn of front matter that is not valid YAML and are still indexed', async () => {
    const warnings: string[] = [];
    const article = (await parseConvertedArticle(
      'docs/bad.md',
      'markdown',
      encode('---\ntitle: [unclosed\n---\n# Setup\n\nInstall the server first.\n'),
      (m) => warnings.push(m),
    )) as Article;
    expect(article.title).toBe('Setup');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^docs\/bad\.md: front matter is not valid YAML/u);
  });
});
