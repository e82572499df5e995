import { randomBytes, createHash } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { attestations, organizations, signingKeys, tenants, type Attestation } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import { auditHead } from "../audit/checkpoints.server";
import type { Actor } from "../auth/auth.server";
import type { Locale } from "../i18n/i18n";
import { attestationData, attestationState, type AttestationDocument, type AttestationState } from "./attestation-data.server";
import {
  embedSignature,
  jwsSigningInput,
  SIGNATURE_ENTRY,
  SIGNATURE_PLACEHOLDER,
  signedContentHash,
  verifyAttestationPdf,
  type AttestationPayload,
  type PdfVerification,
} from "./pdf-signature";
import { renderPdf } from "./pdf/render.server";
import { loadTemplate } from "./pdf/templates.server";
import { activeSigningKey, signWithKey } from "./signing-keys.server";
import * as clock from "../config/clock";

type OrgParams = { organizationId: string };

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A verification code like ATT-7K2M-9QXD-4RTB: 60 random bits, easy to type from a printed page. */
export function newVerificationCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => ALPHABET[b % 32]).join("");
  return `ATT-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export const normaliseCode = (code: string) => code.trim().toUpperCase().replace(/[IL]/g, "1").replace(/O/g, "0");

/** The unsigned PDF, with the signature placeholder in place. Same state, language and document: same bytes. */
export async function renderAttestation(state: AttestationState, language: Locale, doc: AttestationDocument): Promise<Uint8Array> {
  const template = loadTemplate("residency-attestation");
  const data = attestationData(state, language, doc);
  return renderPdf(template, data, language, {
    title: `${template.labels[language].title} — ${state.tenant.name}`,
    author: state.org.name,
    subject: `${template.labels[language].documentTitle} ${doc.code}`,
    // What a PDF reader lists in the document's properties, in its language.
    keywords: [template.labels[language].documentTitle!, state.tenant.name, doc.code],
    createdAt: doc.issuedAt,
    extra: { [SIGNATURE_ENTRY]: SIGNATURE_PLACEHOLDER },
  });
}

export type IssueParams = OrgParams & {
  tenantId: string;
  language: Locale;
  asOf: Date | null;
  actor: Actor;
  kek: Buffer;
  publicUrl: string;
  now?: Date;
};

/** Issues a signed attestation for a tenant: renders it, signs it with the organisation's key, keeps it, audits it. */
export async function issueAttestation(tx: Tx, params: IssueParams): Promise<Attestation> {
  const issuedAt = params.now ?? clock.now();
  const state = await attestationState(tx, {
    organizationId: params.organizationId,
    tenantId: params.tenantId,
    asOf: params.asOf,
    now: issuedAt,
  });
  const key = await activeSigningKey(tx, params);
  // The audit chain head this document saw (after the key's creation, before its own issue entry).
  const head = await auditHead(tx, params.organizationId);
  const code = newVerificationCode();
  const base = params.publicUrl.replace(/\/+$/, "");
  const doc: AttestationDocument = {
    code,
    attestedAt: params.asOf ?? issuedAt,
    issuedAt,
    issuedBy: params.actor.label,
    verifyUrl: `${base}/verify/${code}`,
    keysUrl: `${base}/.well-known/attest-keys.json`,
    kid: key.kid,
    auditHead: head,
  };
  const unsigned = await renderAttestation(state, params.language, doc);
  const payload: AttestationPayload = {
    v: 1,
    typ: "residency-attestation",
    iss: base,
    org: { slug: state.org.slug, name: state.org.name },
    tenant: { slug: state.tenant.slug, name: state.tenant.name },
    code,
    attested_at: doc.attestedAt.toISOString(),
    issued_at: issuedAt.toISOString(),
    run_id: state.run.id,
    inventory_digest: state.inventoryDigest,
    audit_head: head,
    content_sha256: signedContentHash(unsigned)!,
  };
  const input = jwsSigningInput(key.kid, payload);
  // The key read above names itself in the document: the same key signs it.
  const { signature } = signWithKey(key, params.kek, Buffer.from(input));
  const jws = `${input}.${signature}`;
  const signed = Buffer.from(embedSignature(unsigned, jws));
  const [row] = await tx
    .insert(attestations)
    .values({
      organizationId: params.organizationId,
      tenantId: state.tenant.id,
      code,
      language: params.language,
      attestedAt: doc.attestedAt,
      issuedAt,
      issuedByLabel: params.actor.label,
      runId: state.run.id,
      inventoryDigest: state.inventoryDigest,
      auditHeadSeq: head?.seq ?? null,
      auditHeadHash: head?.hash ?? null,
      kid: key.kid,
      jws,
      sha256: createHash("sha256").update(signed).digest("hex"),
      size: signed.length,
      content: signed,
    })
    .returning();
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "attestation.issue",
    entityType: "attestation",
    entityId: row!.id,
    after: {
      code,
      tenant: state.tenant.slug,
      language: params.language,
      attestedAt: doc.attestedAt,
      runId: state.run.id,
      inventoryDigest: state.inventoryDigest,
      kid: key.kid,
      sha256: row!.sha256,
    },
  });
  return row!;
}

const summaryColumns = {
  id: attestations.id,
  tenantId: attestations.tenantId,
  tenantName: tenants.legalName,
  tenantSlug: tenants.slug,
  code: attestations.code,
  language: attestations.language,
  attestedAt: attestations.attestedAt,
  issuedAt: attestations.issuedAt,
  issuedByLabel: attestations.issuedByLabel,
  sha256: attestations.sha256,
  size: attestations.size,
  revokedAt: attestations.revokedAt,
  revokedByLabel: attestations.revokedByLabel,
  revocationReason: attestations.revocationReason,
};
export type AttestationSummary = Omit<Attestation, "content" | "jws" | "organizationId" | "runId" | "inventoryDigest" | "kid"> & {
  tenantName: string;
  tenantSlug: string;
};

export async function listAttestations(tx: Tx, params: OrgParams & { tenantId?: string | undefined; limit: number; offset: number }) {
  const where = and(
    eq(attestations.organizationId, params.organizationId),
    params.tenantId ? eq(attestations.tenantId, params.tenantId) : undefined,
  );
  const rows = await tx
    .select(summaryColumns)
    .from(attestations)
    .innerJoin(tenants, eq(tenants.id, attestations.tenantId))
    .where(where)
    .orderBy(desc(attestations.issuedAt), desc(attestations.id))
    .limit(params.limit)
    .offset(params.offset);
  const [total] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(attestations)
    .where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function getAttestation(tx: Tx, params: OrgParams & { id: string }) {
  const [row] = await tx
    .select()
    .from(attestations)
    .where(and(eq(attestations.organizationId, params.organizationId), eq(attestations.id, params.id)));
  return row ?? null;
}

/** Records who downloaded which attestation: a tenant's proof leaving Attest is part of the audit trail. */
export async function recordAttestationDownload(
  tx: Tx,
  params: OrgParams & { attestation: Pick<Attestation, "id" | "code" | "sha256">; actor: Actor; via: "ui" | "api" },
) {
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "attestation.download",
    entityType: "attestation",
    entityId: params.attestation.id,
    after: { code: params.attestation.code, sha256: params.attestation.sha256, via: params.via },
  });
}

export async function revokeAttestation(tx: Tx, params: OrgParams & { id: string; reason: string; actor: Actor; now?: Date }) {
  const [row] = await tx
    .update(attestations)
    .set({ revokedAt: params.now ?? clock.now(), revokedByLabel: params.actor.label, revocationReason: params.reason })
    .where(and(eq(attestations.organizationId, params.organizationId), eq(attestations.id, params.id), isNull(attestations.revokedAt)))
    .returning({ id: attestations.id, code: attestations.code, revokedAt: attestations.revokedAt });
  if (!row) return null;
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "attestation.revoke",
    entityType: "attestation",
    entityId: row.id,
    before: { code: row.code, revokedAt: null },
    after: { code: row.code, revokedAt: row.revokedAt, reason: params.reason },
  });
  return row;
}

export type PublicVerification = {
  code: string;
  status: "valid" | "revoked";
  issuer: { name: string; slug: string };
  tenant: { name: string; slug: string };
  attested_at: string;
  issued_at: string;
  revoked_at: string | null;
  revocation_reason: string | null;
  kid: string;
  sha256: string;
  run_id: string;
  inventory_digest: string;
};

/** What anyone may learn from a verification code. Runs as the system role: the code is the capability. */
export async function verificationByCode(tx: Tx, code: string): Promise<PublicVerification | null> {
  const [row] = await tx
    .select({
      a: {
        code: attestations.code,
        attestedAt: attestations.attestedAt,
        issuedAt: attestations.issuedAt,
        revokedAt: attestations.revokedAt,
        revocationReason: attestations.revocationReason,
        kid: attestations.kid,
        sha256: attestations.sha256,
        runId: attestations.runId,
        inventoryDigest: attestations.inventoryDigest,
      },
      orgName: organizations.name,
      orgSlug: organizations.slug,
      tenantName: tenants.legalName,
      tenantSlug: tenants.slug,
    })
    .from(attestations)
    .innerJoin(organizations, eq(organizations.id, attestations.organizationId))
    .innerJoin(tenants, eq(tenants.id, attestations.tenantId))
    .where(eq(attestations.code, normaliseCode(code)));
  if (!row) return null;
  const { a } = row;
  return {
    code: a.code,
    status: a.revokedAt ? "revoked" : "valid",
    issuer: { name: row.orgName, slug: row.orgSlug },
    tenant: { name: row.tenantName, slug: row.tenantSlug },
    attested_at: a.attestedAt.toISOString(),
    issued_at: a.issuedAt.toISOString(),
    revoked_at: a.revokedAt?.toISOString() ?? null,
    revocation_reason: a.revocationReason,
    kid: a.kid,
    sha256: a.sha256,
    run_id: a.runId,
    inventory_digest: a.inventoryDigest,
  };
}

/** Checks an uploaded file: its signature with the issuer's keys, and, when it names a code, the register's record. */
export async function verifyUploadedPdf(
  tx: Tx,
  pdf: Uint8Array,
): Promise<{ check: PdfVerification; record: PublicVerification | null; sameFile: boolean }> {
  const keys = await tx.select({ kid: signingKeys.kid, publicKey: signingKeys.publicKey }).from(signingKeys);
  const byKid = new Map(keys.map((k) => [k.kid, k.publicKey]));
  const check = verifyAttestationPdf(pdf, (kid) => byKid.get(kid) ?? null);
  const record = check.payload ? await verificationByCode(tx, check.payload.code) : null;
  const sameFile = !!record && createHash("sha256").update(pdf).digest("hex") === record.sha256;
  return { check, record, sameFile };
}
