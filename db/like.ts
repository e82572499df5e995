/** A case-insensitive "contains" pattern in which the user's % and _ match themselves. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[%_\\]/g, "\\$&")}%`;
}
