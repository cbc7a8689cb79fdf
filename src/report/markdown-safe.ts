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

/** Paragraph text: like mdCell outside `code` spans (whose content a renderer shows literally), kept inside them. */
export function mdText(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? visible(part) : visible(part).replace(/[&<>\\[\]]/g, (c) => ESCAPES[c])))
    .join('');
}
