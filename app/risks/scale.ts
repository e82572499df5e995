import { z } from "zod";

/**
 * An organisation's risk scale: its likelihood and impact levels, lowest first, 3 to 5 of each, labelled in both
 * languages. A score is likelihood × impact; its band is read from the share of the highest score the scale allows, so
 * that a 3×3 and a 5×5 organisation mean the same thing by "high".
 */
export const LevelLabel = z.object({ en: z.string().trim().min(1).max(60), fr: z.string().trim().min(1).max(60) }).strict();
export type LevelLabel = z.infer<typeof LevelLabel>;

export const MIN_LEVELS = 3;
export const MAX_LEVELS = 5;
const Levels = z.array(LevelLabel).min(MIN_LEVELS).max(MAX_LEVELS);
export const RiskScale = z.object({ likelihood: Levels, impact: Levels }).strict();
export type RiskScale = z.infer<typeof RiskScale>;

export const DEFAULT_SCALE: RiskScale = {
  likelihood: [
    { en: "Rare", fr: "Rare" },
    { en: "Unlikely", fr: "Peu probable" },
    { en: "Possible", fr: "Possible" },
    { en: "Likely", fr: "Probable" },
    { en: "Almost certain", fr: "Quasi certain" },
  ],
  impact: [
    { en: "Negligible", fr: "Négligeable" },
    { en: "Minor", fr: "Mineur" },
    { en: "Moderate", fr: "Modéré" },
    { en: "Major", fr: "Majeur" },
    { en: "Severe", fr: "Critique" },
  ],
};

export const RISK_BANDS = ["low", "medium", "high", "critical"] as const;
export type RiskBand = (typeof RISK_BANDS)[number];
/** Upper bounds of each band as a share of the highest score (the last band takes the rest). */
const BAND_LIMITS: [RiskBand, number][] = [
  ["low", 0.2],
  ["medium", 0.4],
  ["high", 0.7],
];

export type Rating = { likelihood: number; impact: number };

export const maxScore = (scale: RiskScale) => scale.likelihood.length * scale.impact.length;

/** Whether a rating's levels exist on the scale (1-based, whole numbers). */
export function fitsScale(rating: Rating, scale: RiskScale) {
  const within = (level: number, size: number) => Number.isInteger(level) && level >= 1 && level <= size;
  return within(rating.likelihood, scale.likelihood.length) && within(rating.impact, scale.impact.length);
}

export function score(rating: Rating) {
  return rating.likelihood * rating.impact;
}

export function band(points: number, scale: RiskScale): RiskBand {
  const share = points / maxScore(scale);
  return BAND_LIMITS.find(([, limit]) => share <= limit)?.[0] ?? "critical";
}

/** The library rates on a 1–5 reference scale; an organisation with fewer levels gets the nearest level of its own. */
export const LIBRARY_LEVELS = 5;
export function fromLibraryLevel(level: number, size: number) {
  return Math.min(size, Math.max(1, Math.round((level * size) / LIBRARY_LEVELS)));
}
