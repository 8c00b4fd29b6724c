/** The articles of an index as readers name them: by path, file name or title; for /sources, autocomplete and /passage. */
import { matchArticle } from '../corpus/matchArticle.js';
import type { PassageStore } from '../index/passageStore.js';
import type { Article, ArticleSummary, ParagraphWindow } from '../types.js';
import type { CorpusEngine } from './engine.js';

/** The one article a reference names (see `matchArticle`); undefined when it names none or several. */
function namedArticle(store: PassageStore, reference: string): Article | undefined {
  const match = matchArticle(store.articles, reference);
  return match.kind === 'match' ? store.article(match.source) : undefined;
}

function summarise(store: PassageStore, article: Article): ArticleSummary {
  const rows = store.rowsOf(article.source);
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

export function articleCatalogue(store: PassageStore): ArticleCatalogue {
  return {
    listArticles: () => store.articles.map((a) => summarise(store, a)),
    matchArticle: (reference) => matchArticle(store.articles, reference),
    findArticle(reference) {
      const article = namedArticle(store, reference);
      return article && summarise(store, article);
    },
    findArticles(query, limit) {
      const wanted = query.trim().toLowerCase();
      const matches = store.articles
        .map((article) => {
          const title = article.title.toLowerCase();
          const source = article.source.toLowerCase();
          const rank = !wanted ? 1 : title.startsWith(wanted) ? 0 : title.includes(wanted) || source.includes(wanted) ? 1 : -1;
          return { article, rank };
        })
        .filter((m) => m.rank >= 0)
        .sort((a, b) => a.rank - b.rank);
      return matches.slice(0, limit).map((m) => summarise(store, m.article));
    },
    paragraphWindow(reference, paragraph, radius = 1): ParagraphWindow | null {
      const article = namedArticle(store, reference);
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
