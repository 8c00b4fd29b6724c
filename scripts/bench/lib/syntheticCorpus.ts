/**
 * A synthetic corpus for benchmarks: deterministic from a seed, with article and paragraph
 * lengths like the real ones, and text from a word-bigram model of the real corpus, so BM25
 * statistics and embeddings behave like they do on real news text.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seededRandom } from '../../../tests/support/seededRandom.js';

export interface BigramModel {
  starts: string[];
  next: Map<string, string[]>;
}

export function learnBigrams(texts: string[]): BigramModel {
  const next = new Map<string, string[]>();
  const starts: string[] = [];
  for (const text of texts) {
    for (const sentence of text.split(/(?<=[.!?])\s+/u)) {
      const words = sentence.split(/\s+/u).filter(Boolean);
      if (words.length < 4) continue;
      starts.push(words[0] as string);
      for (let i = 0; i + 1 < words.length; i += 1) {
        const list = next.get(words[i] as string) ?? [];
        list.push(words[i + 1] as string);
        next.set(words[i] as string, list);
      }
    }
  }
  return { starts, next };
}

function pick<T>(random: () => number, items: T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function sentence(model: BigramModel, random: () => number): string {
  const words = [pick(random, model.starts)];
  while (words.length < 40) {
    const followers = model.next.get(words.at(-1) as string);
    if (!followers) break;
    const word = pick(random, followers);
    words.push(word);
    if (/[.!?]["”’]?$/u.test(word) && words.length >= 6) break;
  }
  const text = words.join(' ');
  return /[.!?]["”’]?$/u.test(text) ? text : `${text}.`;
}

/** One article: a headline, then 6-16 paragraphs of 1-5 sentences. */
export function syntheticArticle(model: BigramModel, random: () => number, n: number): string {
  const headline = sentence(model, random)
    .replace(/[.!?]["”’]?$/u, '')
    .split(' ')
    .slice(0, 12)
    .join(' ');
  const paragraphs = Array.from({ length: 6 + Math.floor(random() * 11) }, () =>
    Array.from({ length: 1 + Math.floor(random() * 5) }, () => sentence(model, random)).join(' '),
  );
  return `${headline} (${n})\n\n${paragraphs.join('\n\n')}\n`;
}

export async function readCorpusTexts(dir: string): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /\.(txt|md)$/u.test(f)).sort();
  return Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
}

export async function writeSyntheticCorpus(options: { sourceDir: string; outDir: string; articles: number; seed: number }): Promise<void> {
  const model = learnBigrams(await readCorpusTexts(options.sourceDir));
  const random = seededRandom(options.seed);
  await mkdir(options.outDir, { recursive: true });
  for (let n = 0; n < options.articles; n += 1) {
    // Folders of 1,000 keep directory listings manageable, and exercise recursive discovery.
    const folder = path.join(options.outDir, String(Math.floor(n / 1000)).padStart(3, '0'));
    if (n % 1000 === 0) await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, `article-${String(n).padStart(6, '0')}.txt`), syntheticArticle(model, random, n));
  }
}
