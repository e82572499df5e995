import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { agreements, assets, type Risk } from "../../db/schema";
import { catalogue, frameworkShortName, localText, requirementKey } from "../controls/catalogue.server";
import { ownerChoices } from "../controls/controls.server";
import type { Locale } from "../i18n/i18n";
import { allTenantChoices } from "../tenants/tenants.server";
import { LIBRARY_FRAMEWORK, riskLibrary, type LibraryRisk } from "./library.server";
import { scopeNames } from "./risks.server";
import { scaleOf } from "./save-risk.server";
import { fromLibraryLevel, type RiskScale } from "./scale";

type OrgParams = { organizationId: string };
type Choice = { value: string; label: string };
export type ChoiceGroup = { id: string; label: string; choices: Choice[] };
type Links = { controls: { frameworkId: string; requirementId: string }[]; scope: { type: string; targetId: string }[] };

/** What the form offers: the scale's levels in the reader's words, owners by name, Annex A by theme, scope by name. */
export async function riskFormChoices(tx: Tx, params: OrgParams & { lang: Locale; links?: Links }) {
  const { organizationId, lang } = params;
  const scale = await scaleOf(tx, params);
  return {
    levels: levelChoices(scale, lang),
    owners: (await ownerChoices(tx, params)).map((o) => ({ value: o.id, label: o.name })),
    controls: controlGroups(lang, params.links?.controls ?? []),
    scope: await scopeGroups(tx, organizationId, params.links?.scope ?? []),
    library: riskLibrary().map((r) => ({ value: r.id, label: localText(r.title, lang) })),
  };
}

const levelChoices = (scale: RiskScale, lang: Locale) => ({
  likelihood: scale.likelihood.map((l, i) => ({ value: String(i + 1), label: `${i + 1} — ${l[lang]}` })),
  impact: scale.impact.map((l, i) => ({ value: String(i + 1), label: `${i + 1} — ${l[lang]}` })),
});

/** ISO/IEC 27001:2022 Annex A by theme; a control of another framework the risk already names comes after. */
function controlGroups(lang: Locale, linked: Links["controls"]): ChoiceGroup[] {
  const iso = catalogue().frameworks.find((f) => f.id === LIBRARY_FRAMEWORK)!;
  const groups = iso.themes.map((theme) => ({
    id: theme.id,
    label: localText(theme.name, lang),
    choices: iso.requirements
      .filter((r) => r.theme === theme.id)
      .map((r) => ({ value: requirementKey(iso.id, r.id), label: `${r.id} ${localText(r.title, lang)}` })),
  }));
  const others = linked
    .filter((c) => c.frameworkId !== LIBRARY_FRAMEWORK)
    .map((c) => ({
      value: requirementKey(c.frameworkId, c.requirementId),
      label: `${frameworkShortName(c.frameworkId, lang)} ${c.requirementId}`,
    }));
  return others.length > 0 ? [...groups, { id: "other", label: "", choices: others }] : groups;
}

/** Sites and halls, tenants and live agreements; an asset of another kind the risk already names is offered too. */
async function scopeGroups(tx: Tx, organizationId: string, linked: Links["scope"]): Promise<ChoiceGroup[]> {
  const places = await tx
    .select({ id: assets.id, name: assets.name, kind: assets.kind })
    .from(assets)
    .where(and(eq(assets.organizationId, organizationId), inArray(assets.kind, ["site", "hall"]), isNull(assets.deletedAt)))
    .orderBy(asc(assets.name));
  const offered = new Set(places.map((p) => p.id));
  const otherAssets = (
    await scopeNames(tx, { organizationId, scope: linked.filter((s) => s.type === "asset" && !offered.has(s.targetId)) })
  ).map((s) => ({ value: `asset:${s.id}`, label: s.name }));
  const tenantRows = await allTenantChoices(tx, { organizationId });
  const agreementRows = await tx
    .select({ id: agreements.id, title: agreements.title })
    .from(agreements)
    .where(and(eq(agreements.organizationId, organizationId), isNull(agreements.archivedAt)))
    .orderBy(asc(agreements.title));
  const asChoice = (type: string) => (r: { id: string; name: string }) => ({ value: `${type}:${r.id}`, label: r.name });
  return [
    { id: "site", label: "", choices: places.filter((p) => p.kind === "site").map(asChoice("asset")) },
    { id: "hall", label: "", choices: places.filter((p) => p.kind === "hall").map(asChoice("asset")) },
    { id: "asset", label: "", choices: otherAssets },
    { id: "tenant", label: "", choices: tenantRows.map((r) => ({ value: `tenant:${r.id}`, label: r.legalName })) },
    { id: "agreement", label: "", choices: agreementRows.map((r) => ({ value: `agreement:${r.id}`, label: r.title })) },
  ].filter((g) => g.choices.length > 0);
}

/** The form's values: strings and lists of checkbox values, as conform holds them. */
export type RiskFormValues = Record<string, string | string[]>;

export function riskFormDefaults(risk: Risk, links: Links): RiskFormValues {
  return {
    language: risk.language,
    title: risk.title,
    description: risk.description,
    riskSource: risk.riskSource,
    threat: risk.threat,
    vulnerability: risk.vulnerability,
    ownerUserId: risk.ownerUserId ?? "",
    inherentLikelihood: String(risk.inherentLikelihood),
    inherentImpact: String(risk.inherentImpact),
    residualLikelihood: String(risk.residualLikelihood),
    residualImpact: String(risk.residualImpact),
    treatment: risk.treatment,
    controls: links.controls.map((c) => requirementKey(c.frameworkId, c.requirementId)),
    scope: links.scope.map((s) => `${s.type}:${s.targetId}`),
    nextReviewOn: risk.nextReviewOn ?? "",
  };
}

/**
 * A new risk started from the library, in the reader's language: its words, its typical controls, and its reference
 * rating on the organisation's scale as the inherent and (until treated) residual levels.
 */
export function libraryDefaults(entry: LibraryRisk, lang: Locale, scale: RiskScale): RiskFormValues {
  const likelihood = String(fromLibraryLevel(entry.likelihood, scale.likelihood.length));
  const impact = String(fromLibraryLevel(entry.impact, scale.impact.length));
  return {
    libraryId: entry.id,
    language: lang,
    title: entry.title[lang],
    description: entry.description[lang],
    riskSource: entry.risk_source[lang],
    threat: entry.threat[lang],
    vulnerability: entry.vulnerability[lang],
    inherentLikelihood: likelihood,
    inherentImpact: impact,
    residualLikelihood: likelihood,
    residualImpact: impact,
    treatment: "modify",
    controls: entry.controls.map((c) => requirementKey(LIBRARY_FRAMEWORK, c)),
  };
}

/** The register's errors by form field: "controls.2" and "scope.0" are shown on their list. */
export function formFieldErrors(errors: Record<string, string[]>): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const [path, keys] of Object.entries(errors)) {
    const head = path.split(".")[0]!;
    byField[head] = [...new Set([...(byField[head] ?? []), ...keys])];
  }
  return byField;
}
