/**
 * The themes an audit's items are grouped under, and each theme's progress. Browser-safe (no server imports): the
 * workspace's loader builds the groups, its component only reads them.
 */

export type ThemeName = { en: string; fr: string };
export type Theme = { id: string; name: ThemeName };
export type Verdict = "accepted" | "flagged";

export type ThemeProgress = Theme & { total: number; reviewed: number; accepted: number; flagged: number };

/** Per theme, in the order themes first appear: how many items, reviewed (accepted or flagged), accepted, flagged. */
export function themeProgress(items: readonly { id: string; theme: Theme }[], verdicts: ReadonlyMap<string, Verdict>): ThemeProgress[] {
  const byTheme = new Map<string, ThemeProgress>();
  for (const item of items) {
    const progress = byTheme.get(item.theme.id) ?? { ...item.theme, total: 0, reviewed: 0, accepted: 0, flagged: 0 };
    progress.total += 1;
    const verdict = verdicts.get(item.id);
    if (verdict) {
      progress.reviewed += 1;
      progress[verdict] += 1;
    }
    byTheme.set(item.theme.id, progress);
  }
  return [...byTheme.values()];
}
