/** One validation finding as a line of text: where (file:line [column]), what, the value, and the fix. */
import type { Issue } from '../model.js';

export function formatIssue(i: Issue): string {
  const where = `${i.file}:${i.line || ''}${i.column ? ` [${i.column}]` : ''}`;
  const value = i.value !== undefined ? ` (value '${i.value}')` : '';
  const hint = i.hint ? `\n    fix: ${i.hint}` : '';
  return `${where}: ${i.severity} ${i.code}: ${i.message}${value}${hint}`;
}
