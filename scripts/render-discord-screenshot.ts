/**
 * `npm run screenshot`: a picture of a real answer as Discord draws it, for the README. The real
 * bot answers `/ask` against the fake Discord (127.0.0.1, offline model, a temporary index of
 * the docs eval corpus, or --corpus), the message it sends is drawn with HTML and CSS after Discord's dark theme (embeds,
 * the markdown the bot uses, buttons), and headless Chromium from Debian takes the picture.
 * Not part of npm test: it needs `apt-get install -y chromium`.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { APIEmbed } from 'discord.js';
import { startBot } from '../src/bot/startBot.js';
import { parseCommandLine, runCli } from '../src/cli/runCli.js';
import { loadBotConfig, PROJECT_ROOT } from '../src/config.js';
import { createEmbedder } from '../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../src/embedding/profiles.js';
import { ingestCorpus } from '../src/index/ingest.js';
import { createLogger } from '../src/log.js';
import { FAKE_APPLICATION_ID, FAKE_TOKEN, slashCommand, startFakeDiscord } from '../tests/support/fakeDiscord.js';

const HELP = `Usage: npm run screenshot -- [--question TEXT] [--corpus DIR] [--out FILE] [--chromium PATH]

Draws the bot's real answer to /ask as Discord shows it and saves a PNG
(default docs/discord-answer.png). The corpus is by default the Markdown docs eval corpus
(tests/eval/corpora/docs/articles), so the picture shows a section and a code block.
Needs headless Chromium (apt-get install -y chromium).`;

/** A documentation answer: its citation names the section, and its first quote is a code block. */
const DEFAULT_CORPUS = path.join(PROJECT_ROOT, 'tests', 'eval', 'corpora', 'docs', 'articles');
const DEFAULT_QUESTION = "what's the syntax to pass custom levels with several transports";

/** A button, or (type 3) a select menu, shown closed with its placeholder. */
interface Component {
  type?: number;
  label?: string;
  emoji?: { name?: string };
  style?: number;
  placeholder?: string;
}
interface SentMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: Array<{ components: Component[] }>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** The markdown the bot sends, drawn as Discord does: escapes, bold, code spans, bare links, block quotes, code blocks. */
function markdownToHtml(markdown: string): string {
  const inline = (line: string) => {
    let html = '';
    let bold = false;
    for (let i = 0; i < line.length;) {
      const rest = line.slice(i);
      const url = /^https?:\/\/[^\s<]+[^<.,:;"')\]\s]/u.exec(rest);
      if (rest[0] === '\\' && rest[1] && /[^0-9A-Za-z\s]/u.test(rest[1])) {
        html += escapeHtml(rest[1]);
        i += 2;
      } else if (rest.startsWith('**')) {
        html += bold ? '</strong>' : '<strong>';
        bold = !bold;
        i += 2;
      } else if (rest[0] === '`' && rest.indexOf('`', 1) > 0) {
        const end = rest.indexOf('`', 1);
        html += `<code>${escapeHtml(rest.slice(1, end))}</code>`;
        i += end + 1;
      } else if (url) {
        html += `<a>${escapeHtml(url[0])}</a>`;
        i += url[0].length;
      } else {
        html += escapeHtml(rest[0] as string);
        i += 1;
      }
    }
    return bold ? `${html}</strong>` : html;
  };
  const blocks: string[] = [];
  // A fenced code block: its lines as they are, in a box (Discord shows the language nowhere).
  let code: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (code) {
      if (line === '```') {
        blocks.push(`<pre>${escapeHtml(code.join('\n').replaceAll('\u200b', ''))}</pre>`);
        code = undefined;
      } else code.push(line);
      continue;
    }
    if (/^```[\w+#.-]*$/u.test(line)) {
      code = [];
      continue;
    }
    const quoted = line.startsWith('> ');
    const html = inline(quoted ? line.slice(2) : line);
    const last = blocks.at(-1);
    if (quoted && last?.startsWith('<blockquote>'))
      blocks[blocks.length - 1] = `${last.slice(0, -'</blockquote>'.length)}<br>${html}</blockquote>`;
    else blocks.push(quoted ? `<blockquote>${html}</blockquote>` : `<div>${html || '&nbsp;'}</div>`);
  }
  return blocks.join('');
}

function embedHtml(embed: APIEmbed): string {
  const colour = `#${(embed.color ?? 0x202225).toString(16).padStart(6, '0')}`;
  const title = embed.title ? `<div class="title${embed.url ? ' link' : ''}">${markdownToHtml(embed.title)}</div>` : '';
  const description = embed.description ? `<div class="description">${markdownToHtml(embed.description)}</div>` : '';
  const fields = (embed.fields ?? [])
    .map((f) => `<div class="field"><div class="name">${markdownToHtml(f.name)}</div><div>${markdownToHtml(f.value)}</div></div>`)
    .join('');
  const footer = embed.footer ? `<div class="footer">${escapeHtml(embed.footer.text)}</div>` : '';
  return `<div class="embed" style="border-left-color:${colour}">${title}${description}${fields}${footer}</div>`;
}

const BUTTON_STYLES: Record<number, string> = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger' };

function componentHtml(c: Component): string {
  if (c.type === 3) return `<span class="select">${escapeHtml(c.placeholder ?? '')}<span class="chevron">⌄</span></span>`;
  return `<span class="button ${BUTTON_STYLES[c.style ?? 2] ?? 'secondary'}">${escapeHtml([c.emoji?.name, c.label].filter(Boolean).join(' '))}</span>`;
}

function messageHtml(message: SentMessage, asker: string, command: string): string {
  const rows = (message.components ?? []).map((row) => `<div class="row">${row.components.map(componentHtml).join('')}</div>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; background: #313338; color: #dbdee1; font: 16px/1.375 "DejaVu Sans", sans-serif; }
  .message { display: flex; gap: 16px; padding: 14px 48px 18px 16px; width: 760px; }
  .avatar { flex: none; width: 40px; height: 40px; border-radius: 50%; background: #5865f2; color: #fff; font-weight: 700; display: grid; place-items: center; margin-top: 22px; }
  .used { font-size: 14px; color: #b5bac1; margin: 0 0 2px 0; } .used b { color: #f2f3f5; font-weight: 600; } .used .cmd { color: #00a8fc; }
  .head { display: flex; align-items: baseline; gap: 6px; } .name { color: #f2f3f5; font-weight: 600; }
  .tag { background: #5865f2; color: #fff; font-size: 10px; font-weight: 600; border-radius: 3px; padding: 1px 4px; }
  .time { color: #949ba4; font-size: 12px; }
  .embed { background: #2b2d31; border-left: 4px solid; border-radius: 4px; padding: 8px 16px 16px 12px; margin-top: 6px; max-width: 520px; font-size: 14px; }
  .embed .title { color: #f2f3f5; font-weight: 600; font-size: 16px; margin-top: 8px; } .embed .title.link { color: #00a8fc; }
  .embed .description { margin-top: 8px; } .embed .footer { margin-top: 8px; font-size: 12px; color: #b5bac1; }
  .embed .field { margin-top: 8px; } .embed .field .name { font-weight: 600; color: #f2f3f5; }
  blockquote { margin: 4px 0; padding: 0 8px 0 12px; border-left: 4px solid #4e5058; }
  pre { background: #1e1f22; border: 1px solid #1e1f22; border-radius: 4px; padding: 7px; margin: 6px 0 0 0; font: 13px/1.25 "DejaVu Sans Mono", monospace; white-space: pre-wrap; }
  strong { color: #f2f3f5; } a { color: #00a8fc; } code { background: #1e1f22; border-radius: 3px; padding: 0 3px; font-size: 85%; }
  .row { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
  .button { border-radius: 3px; padding: 2px 16px; height: 32px; line-height: 32px; font-size: 14px; font-weight: 500; color: #fff; }
  .select { display: flex; justify-content: space-between; width: 400px; background: #1e1f22; border: 1px solid #1e1f22; border-radius: 4px; padding: 0 12px; height: 38px; line-height: 38px; font-size: 14px; color: #949ba4; }
  .chevron { color: #dbdee1; }
  .primary { background: #5865f2; } .secondary { background: #4e5058; } .success { background: #248046; } .danger { background: #da373c; }
</style></head><body><div class="message"><div class="avatar">V</div><div>
  <div class="used"><b>${escapeHtml(asker)}</b> used <span class="cmd">${escapeHtml(command)}</span></div>
  <div class="head"><span class="name">Verbatim</span><span class="tag">APP</span><span class="time">Today at 18:42</span></div>
  ${message.content ? `<div>${markdownToHtml(message.content)}</div>` : ''}${(message.embeds ?? []).map(embedHtml).join('')}${rows}
</div></div></body></html>`;
}

/** What the real bot sends for `/ask question`, through the fake Discord. */
async function answerAsSent(question: string, corpus: string): Promise<SentMessage> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-screenshot-'));
  try {
    const corpusDir = path.join(dir, 'corpus');
    await cp(corpus, corpusDir, { recursive: true });
    const modelCacheDir = path.join(PROJECT_ROOT, '.cache', 'models');
    const embedder = await createEmbedder({ model: OFFLINE_MODEL, cacheDir: modelCacheDir, hubTimeoutMs: 100 });
    const indexDir = path.join(dir, 'index');
    await ingestCorpus({ corpusDir, indexDir, projectRoot: dir, embedder });
    const fake = await startFakeDiscord();
    const env = {
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_CLIENT_ID: FAKE_APPLICATION_ID,
      DISCORD_API_URL: fake.apiUrl,
      DATA_DIR: path.join(dir, 'data'),
    };
    const config = { ...loadBotConfig(env), corpusDir, indexDir, modelCacheDir, embeddingModel: OFFLINE_MODEL };
    const bot = await startBot(config, { log: createLogger('error') });
    try {
      const interaction = slashCommand('ask', { question }, { id: '700000000000000099', username: 'reader' });
      fake.dispatch(interaction);
      const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token), 30_000);
      return edit.body as SentMessage;
    } finally {
      await bot.stop(1000);
      await fake.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--hide-scrollbars',
];

await runCli(async () => {
  const { values } = parseCommandLine(
    {
      options: {
        question: { type: 'string' },
        corpus: { type: 'string' },
        out: { type: 'string' },
        chromium: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    HELP,
  );
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const question = values.question ?? DEFAULT_QUESTION;
  const out = path.resolve(values.out ?? path.join(PROJECT_ROOT, 'docs', 'discord-answer.png'));
  const chromium = values.chromium ?? 'chromium';
  const message = await answerAsSent(question, path.resolve(values.corpus ?? DEFAULT_CORPUS));
  const html = messageHtml(message, 'reader', `/ask question: ${question}`);
  const page = path.join(await mkdtemp(path.join(os.tmpdir(), 'verbatim-page-')), 'answer.html');
  // First the page's height (Chromium prints the DOM after the script ran), then the picture at that height.
  await writeFile(page, html.replace('</body>', '<script>document.body.dataset.height = document.body.scrollHeight</script></body>'));
  const dom = execFileSync(chromium, [...CHROMIUM_FLAGS, '--window-size=808,4000', '--dump-dom', `file://${page}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const height = Number(/data-height="(\d+)"/u.exec(dom)?.[1] ?? 1600);
  await writeFile(page, html);
  execFileSync(chromium, [...CHROMIUM_FLAGS, `--window-size=808,${height}`, `--screenshot=${out}`, `file://${page}`], { stdio: 'ignore' });
  process.stdout.write(`Saved ${path.relative(process.cwd(), out)} (808×${height}) for "${question}".\n`);
});
