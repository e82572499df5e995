import type { Tx } from "../../db/connection.server";
import { getAgreement, partyChoices } from "./agreements.server";
import { compareVersions, type AgreementChange, type PartyNames } from "./compare";
import type { AgreementContent } from "./content";

type OrgParams = { organizationId: string };
type StoredVersion = { version: number; content: unknown };

/** Every party the organisation knows (archived counterparties included: old versions still name them), by name. */
export async function partyNames(tx: Tx, params: OrgParams): Promise<PartyNames> {
  const names = new Map((await partyChoices(tx, params)).map((c) => [c.ref, c.label]));
  return (ref) => names.get(ref) ?? null;
}

/** Each version's changes from the one before it (none for the first), newest first as the versions come. */
export function changesFromPrevious(versions: readonly StoredVersion[], names: PartyNames): Map<number, AgreementChange[]> {
  const byNumber = new Map(versions.map((v) => [v.version, v.content as AgreementContent]));
  const out = new Map<number, AgreementChange[]>();
  for (const v of versions) {
    const previous = byNumber.get(v.version - 1);
    if (previous) out.set(v.version, compareVersions(previous, v.content as AgreementContent, names));
  }
  return out;
}

/** Two stored versions of one agreement compared (null when the agreement or either version does not exist). */
export async function compareStoredVersions(tx: Tx, params: OrgParams & { agreementId: string; from: number; to: number }) {
  const found = await getAgreement(tx, params);
  if (!found) return null;
  const from = found.versions.find((v) => v.version === params.from);
  const to = found.versions.find((v) => v.version === params.to);
  if (!from || !to) return null;
  const names = await partyNames(tx, params);
  return {
    from: from.version,
    to: to.version,
    changes: compareVersions(from.content as AgreementContent, to.content as AgreementContent, names),
  };
}
