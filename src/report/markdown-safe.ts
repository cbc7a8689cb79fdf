/**
 * Text placed into Markdown (`--format md` tables, the Markdown report) so
 * that a standard renderer shows it as text: HTML is escaped (`<img
 * onerror=…>` stays text), link and image syntax cannot form (`[x](javascript:…)`),
 * table cells cannot end early (`|`), and control/bidi characters are made
 * visible (src/io/terminal-safe.ts).
 */
import { visible } from '../io/terminal-safe.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\\': '\\\\',
  '[': '\\[',
  ']': '\\]',
  '|': '\\|',
};

/** One table cell or heading: everything escaped, line breaks as spaces. */
export function mdCell(s: string): string {
  return visible(s.replace(/[\r\n]+/g, ' ')).replace(/[&<>\\[\]|]/g, (c) => ESCAPES[c]);
}

/**
 * The text split into plain parts (even indexes) and code spans (odd), as
 * CommonMark reads them: a run of n backticks opens a code span only when a
 * later run of exactly n backticks closes it; an unmatched run is plain text
 * (```x` is three backticks and `x` in code, not a span from the first).
 */
export function codeSpans(s: string): string[] {
  const parts: string[] = [];
  const runs = [...s.matchAll(/`+/g)].map((m) => ({ at: m.index!, n: m[0].length }));
  let from = 0;
  for (let r = 0; r < runs.length; r++) {
    const open = runs[r];
    const close = runs.findIndex((c, k) => k > r && c.n === open.n);
    if (close < 0) continue;
    const end = runs[close].at + runs[close].n;
    parts.push(s.slice(from, open.at), s.slice(open.at, end));
    from = end;
    r = close;
  }
  parts.push(s.slice(from));
  return parts;
}

/**
 * Paragraph text: like mdCell outside `code` spans (whose content a renderer
 * shows literally), and `& < >` escaped inside them too — raw HTML outranks a
 * code span in CommonMark, so `<` is never left raw (a `<` in code shows as
 * `&lt;`: a cosmetic cost, not a hole).
 */
export function mdText(s: string): string {
  return codeSpans(s.replace(/[\r\n]+/g, ' '))
    .map((part, i) => visible(part).replace(i % 2 === 1 ? /[&<>]/g : /[&<>\\[\]]/g, (c) => ESCAPES[c]))
    .join('');
}
