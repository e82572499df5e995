import type { TFunction } from "i18next";
import { countryName } from "../i18n/countries";
import type { MessageKey } from "../i18n/keys";
import type { LOCATION_BLOCS } from "./content";

export const LOCATION_BLOC_LABEL = {
  EEA: "agreements.blocs.EEA",
  EU: "agreements.blocs.EU",
} as const satisfies Record<(typeof LOCATION_BLOCS)[number], MessageKey>;

/** A data-location list ("FR", "EEA") as the reader names it: countries by name, blocs by their abbreviation (EEE, UE). */
export function locationNames(t: TFunction, codes: readonly string[], locale: string): string {
  return codes
    .map((code) =>
      Object.hasOwn(LOCATION_BLOC_LABEL, code)
        ? t(LOCATION_BLOC_LABEL[code as keyof typeof LOCATION_BLOC_LABEL])
        : countryName(code, locale),
    )
    .join(", ");
}
