/**
 * Characters that act on a terminal or reorder text instead of showing
 * themselves: C0 controls (ESC starts colour, title and clear-screen
 * sequences), DEL, C1 controls (0x9B is a one-byte CSI), the bidirectional
 * overrides and isolates (Trojan Source), zero-width characters and the
 * Unicode line and paragraph separators. Every text output shows them as
 * visible escapes (`\x1B`, `\u202E`), so an ID can neither hide rows, retitle
 * the window nor make two IDs look alike. JSON keeps them, escaped
 * (`\u001b`), which is the same string to a JSON reader.
 */

// tab, line feed and carriage return are left to each format (CSV quotes them; tables turn them into spaces)
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const UNSAFE_TEST = new RegExp(UNSAFE.source);
/** the same set without the C0 range (JSON.stringify escapes C0 itself) */
const UNSAFE_JSON = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).toUpperCase().padStart(width, '0');

/** True when `s` holds a character that `visible` would escape. */
export function hasUnsafeCharacters(s: string): boolean {
  return UNSAFE_TEST.test(s);
}

/** `s` with every unsafe character written as `\xHH` (below 0x100) or `\uHHHH`. */
export function visible(s: string): string {
  if (!UNSAFE_TEST.test(s)) return s;
  return s.replace(UNSAFE, (c) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** JSON text with the unsafe characters JSON.stringify leaves raw written as `\uHHHH` escapes (same value when parsed). */
export function jsonSafe(text: string): string {
  return text.replace(UNSAFE_JSON, (c) => `\\u${hex(c, 4).toLowerCase()}`);
}

/** Table cells longer than this are cut with '…' (a 10,000-character ID must not widen every line of a table). */
export const MAX_CELL_WIDTH = 120;

export function capWidth(s: string, max = MAX_CELL_WIDTH): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
