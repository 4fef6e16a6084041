/** `%text%` for LIKE/ILIKE with the user's `\`, `%` and `_` escaped, so a search matches them literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}
