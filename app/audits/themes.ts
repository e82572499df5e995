/**
 * The themes an audit's items are grouped under, and each theme's progress. Browser-safe (no server imports): the
 * workspace's loader builds the groups, its component only reads them.
 */

export type ThemeName = { en: string; fr: string };
export type Theme = { id: string; name: ThemeName };
export type Verdict = "accepted" | "flagged";

/**
 * The theme of an item whose framework has no grouping of its own (register audits review policies): its id up to
 * the last dot, "permits.expiry.within-30-days" → "permits.expiry", "A.8.13" → "A.8". An id without a dot is its
 * own theme. Catalogue frameworks name their themes (policies/frameworks/*.yaml `themes`) and do not use this.
 */
export function themeFromId(itemId: string): Theme {
  const cut = itemId.lastIndexOf(".");
  const id = cut > 0 ? itemId.slice(0, cut) : itemId;
  return { id, name: { en: id, fr: id } };
}

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
