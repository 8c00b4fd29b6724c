/** The articles of an index as readers name them: by path, file name or title; for /sources, autocomplete and /passage. */
import { matchArticle } from '../corpus/matchArticle.js';
import type { IndexSnapshot } from '../index/loadIndex.js';
import type { Article, ArticleSummary, ParagraphWindow } from '../types.js';
import type { CorpusEngine } from './engine.js';

/** The one article a reference names (see `matchArticle`); undefined when it names none or several. */
function namedArticle(snapshot: IndexSnapshot, reference: string): Article | undefined {
  const match = matchArticle(snapshot.articles, reference);
  return match.kind === 'match' ? snapshot.articleBySource.get(match.source) : undefined;
}

function summarise(snapshot: IndexSnapshot, article: Article): ArticleSummary {
  const rows = snapshot.rowsBySource.get(article.source);
  const summary: ArticleSummary = {
    source: article.source,
    title: article.title,
    paragraphs: article.paragraphs.length,
    passages: rows ? rows.end - rows.first : 0,
  };
  if (article.meta.url) summary.url = article.meta.url;
  return summary;
}

export type ArticleCatalogue = Pick<CorpusEngine, 'listArticles' | 'matchArticle' | 'findArticle' | 'findArticles' | 'paragraphWindow'>;

export function articleCatalogue(snapshot: IndexSnapshot): ArticleCatalogue {
  return {
    listArticles: () => snapshot.articles.map((a) => summarise(snapshot, a)),
    matchArticle: (reference) => matchArticle(snapshot.articles, reference),
    findArticle(reference) {
      const article = namedArticle(snapshot, reference);
      return article && summarise(snapshot, article);
    },
    findArticles(query, limit) {
      const wanted = query.trim().toLowerCase();
      const matches = snapshot.articles
        .map((article) => {
          const title = article.title.toLowerCase();
          const source = article.source.toLowerCase();
          const rank = !wanted ? 1 : title.startsWith(wanted) ? 0 : title.includes(wanted) || source.includes(wanted) ? 1 : -1;
          return { article, rank };
        })
        .filter((m) => m.rank >= 0)
        .sort((a, b) => a.rank - b.rank);
      return matches.slice(0, limit).map((m) => summarise(snapshot, m.article));
    },
    paragraphWindow(reference, paragraph, radius = 1): ParagraphWindow | null {
      const article = namedArticle(snapshot, reference);
      const focus = article?.paragraphs.find((p) => p.number === paragraph);
      if (!article || !focus) return null;
      const window: ParagraphWindow = {
        source: article.source,
        title: article.title,
        focus: paragraph,
        paragraphs: article.paragraphs
          .filter((p) => Math.abs(p.number - paragraph) <= radius)
          .map((p) => ({ ...p, text: article.text.slice(p.start, p.end) })),
      };
      if (article.meta.url) window.url = article.meta.url;
      return window;
    },
  };
}
