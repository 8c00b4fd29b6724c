import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

const markdown = new MarkdownIt({ html: true });
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];
const flatten = (tokens: Token[]): Token[] => tokens.flatMap((t) => [t, ...flatten(t.children ?? [])]);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(file: string): Set<string> {
  const tokens = markdown.parse(readFileSync(file, 'utf8'), {});
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    const text = flatten(tokens[i + 1]?.children ?? [])
      .filter((t) => t.type === 'text' || t.type === 'code_inline')
      .map((t) => t.content)
      .join('');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/gu, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  });
  return anchors;
}

function relativeLinks(file: string): string[] {
  return flatten(markdown.parse(readFileSync(file, 'utf8'), {}))
    .map((t) => (t.type === 'link_open' ? t.attrGet('href') : t.type === 'image' ? t.attrGet('src') : null))
    .filter((href): href is string => typeof href === 'string' && !/^[a-z][a-z0-9+.-]*:/iu.test(href));
}

const pages = [
  path.join(PROJECT_ROOT, 'README.md'),
  ...readdirSync(path.join(PROJECT_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join(PROJECT_ROOT, 'docs', f)),
];

describe('links in README.md and docs/', () => {
  it('lead to files and headings that exist', () => {
    const links = pages.flatMap((page) => relativeLinks(page).map((href) => ({ page: path.relative(PROJECT_ROOT, page), href })));
    expect(links.length).toBeGreaterThan(30);
    const broken = links.filter(({ page, href }) => {
      const [target = '', anchor] = href.split('#');
      const file =
        target === '' ? path.join(PROJECT_ROOT, page) : path.resolve(PROJECT_ROOT, path.dirname(page), decodeURIComponent(target));
      if (!existsSync(file)) return true;
      return anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('the README links every page in docs/', () => {
    const linked = new Set(relativeLinks(path.join(PROJECT_ROOT, 'README.md')).map((href) => href.split('#')[0]));
    const unlinked = pages
      .slice(1)
      .map((page) => path.relative(PROJECT_ROOT, page))
      .filter((page) => !linked.has(page));
    expect(unlinked).toEqual([]);
  });
});

describe('anchorsOf', () => {
  it('follows GitHub: backticks and punctuation dropped, each space a hyphen', () => {
    const anchors = anchorsOf(path.join(PROJECT_ROOT, 'docs', 'answers-and-calibration.md'));
    expect(anchors.has('npm-run-ask------json')).toBe(true);
    expect(anchors.has('honest-silence-that-calibrates-itself')).toBe(true);
  });
});
