/**
 * Characters that act on a terminal or hide themselves instead of showing:
 * every control character (\p{Cc}: C0, DEL and C1 — ESC starts colour, title
 * and clear-screen sequences, 0x9B is a one-byte CSI), every format character
 * (\p{Cf}: the bidirectional overrides and isolates of Trojan Source, the
 * zero-width characters, the interlinear annotation marks U+FFF9–FFFB), every
 * default-ignorable code point (\p{Default_Ignorable_Code_Point}: the soft
 * hyphen, the combining grapheme joiner, the Mongolian vowel separator, the
 * variation selectors, the tag characters U+E0000–E007F, the Hangul fillers),
 * the line and paragraph separators and lone surrogates. One definition serves
 * the ID check (`id_hidden_characters`) and every text output, which shows them
 * as visible escapes (`\x1B`, `\u202E`, `\u{E0041}`), so an ID can neither hide
 * rows, retitle the window nor make two IDs look alike. JSON keeps them,
 * escaped (`\u001b`), which is the same string to a JSON reader.
 */

// tab, line feed and carriage return are left to each format (CSV quotes them; tables turn them into spaces)
const CLASS = '[\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}\\p{Zl}\\p{Zp}\\p{Cs}]';
const UNSAFE = new RegExp(`(?![\\t\\n\\r])${CLASS}`, 'gu');
const UNSAFE_TEST = new RegExp(UNSAFE.source, 'u');
/** the same set without the C0 range (JSON.stringify escapes C0 and lone surrogates itself) */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_JSON = new RegExp(`(?![\\u0000-\\u001f])${CLASS}`, 'gu');

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

/** Characters below this are looked up in SAFE_BELOW (made from UNSAFE itself on first need); above it the regex decides. */
const TABLE_END = 0x3000;
let safeBelow: Uint8Array | undefined;

function safeTable(): Uint8Array {
  const t = new Uint8Array(TABLE_END);
  for (let c = 0; c < TABLE_END; c++) t[c] = UNSAFE_TEST.test(String.fromCharCode(c)) ? 0 : 1;
  return t;
}

/**
 * True when no character of `s` is in the unsafe set, decided without the
 * Unicode regex for text below U+3000 (most cells of a long list: the regex
 * was a tenth of its CSV time); false when `s` has a character beyond it (the
 * regex then decides). Tab, LF and CR count as safe, as in UNSAFE.
 */
function plainAscii(s: string): boolean {
  let t = safeBelow;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c >= TABLE_END) return false;
    t ??= safeBelow = safeTable();
    if (t[c] === 0) return false;
  }
  return true;
}

/** True when `s` holds a character that `visible` would escape. */
export function hasUnsafeCharacters(s: string): boolean {
  return !plainAscii(s) && UNSAFE_TEST.test(s);
}

/** `s` with every unsafe character written as `\xHH` (below 0x100), `\uHHHH`, or `\u{HHHHH}` (beyond U+FFFF). */
export function visible(s: string): string {
  if (plainAscii(s) || !UNSAFE_TEST.test(s)) return s;
  return s.replace(UNSAFE, (c) => {
    const n = c.codePointAt(0)!;
    return n < 0x100 ? `\\x${hex(n, 2)}` : n <= 0xffff ? `\\u${hex(n, 4)}` : `\\u{${hex(n, 5)}}`;
  });
}

/** JSON text with the unsafe characters JSON.stringify leaves raw written as `\uHHHH` escapes (same value when parsed). */
export function jsonSafe(text: string): string {
  if (plainAscii(text)) return text;
  return text.replace(UNSAFE_JSON, (c) =>
    Array.from({ length: c.length }, (_, k) => `\\u${hex(c.charCodeAt(k), 4).toLowerCase()}`).join(''),
  );
}

/** Table cells longer than this are cut with '…' (a 10,000-character ID must not widen every line of a table). */
export const MAX_CELL_WIDTH = 120;

export function capWidth(s: string, max = MAX_CELL_WIDTH): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
