// One documentation page from widdershins' Markdown (bench/assist-docs.sh): marked renders it,
// and every link to the spec keeps its text only, so a reader must use the HTML.
//   node docs-page.mjs PAGE.md OUT.html TITLE
import { marked } from 'marked';
import { readFileSync, writeFileSync } from 'node:fs';

const [md, out, title] = process.argv.slice(2);
let html = marked.parse(readFileSync(md, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''));
html = html.replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (all, href, text) =>
  /\.(json|ya?ml)(\?|#|$)/i.test(href) || /openapi|swagger/i.test(href) ? text : all);
writeFileSync(out, `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}` +
  ` API reference</title></head><body>\n${html}\n</body></html>\n`);
