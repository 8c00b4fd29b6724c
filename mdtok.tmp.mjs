import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
const md = new MarkdownIt('commonmark').enable(['table', 'strikethrough']);
const src = readFileSync('/tmp/mdbench/sample.md', 'utf8');
for (const t of md.parse(src, {})) console.log(' '.repeat(t.level*2) + t.type, t.tag, t.map, JSON.stringify(t.type==='inline' ? t.children.map(c=>c.type+':'+c.content).join('|') : t.content).slice(0,150));
