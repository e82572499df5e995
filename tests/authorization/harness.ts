import { readdirSync } from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, withScope, type Db } from "../../db/connection.server";
import {
  apiTokens,
  attestations,
  audits,
  findings,
  memberships,
  organizations,
  permits,
  agreements,
  risks,
  tenants,
  type Role,
} from "../../db/schema";
import { seedDemo } from "../../db/seed/demo.server";
import { createApiToken } from "../../app/auth/api-tokens.server";
import { API_SCOPES } from "../../db/schema/inventory";
import { createInvitation } from "../../app/members/invitations.server";
import { browserFor, createMember, createOrganization, systemActor, testContext } from "../factories";

export const ROUTES_DIR = path.resolve("app/routes");
/** Every route module, by file name without extension: the matrix must list each one. */
export const routeFiles = () =>
  readdirSync(ROUTES_DIR)
    .map((f) => f.replace(/\.tsx?$/, ""))
    .sort();

export const SESSION_PRINCIPALS = [
  "admin",
  "compliance_officer",
  "legal",
  "auditor",
  "tenant_member",
  "other_org_admin",
  "anonymous",
] as const;
export type SessionPrincipal = (typeof SESSION_PRINCIPALS)[number];
export const TOKEN_PRINCIPALS = ["all_scopes", "no_scope", "other_org", "no_token"] as const;
export type TokenPrincipal = (typeof TOKEN_PRINCIPALS)[number];

export type Ids = Awaited<ReturnType<typeof buildFixture>>["ids"];

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

/** Helios from the demo seed, one member per role, an admin of another organisation, tokens, and one of each entity. */
export async function buildFixture(db: Db) {
  await seedDemo(db);
  const [helios] = await db.select().from(organizations).where(eq(organizations.slug, "helios"));
  const org = helios!.id;
  const tenantOf = async (slug: string) =>
    (
      await db
        .select()
        .from(tenants)
        .where(and(eq(tenants.organizationId, org), eq(tenants.slug, slug)))
    )[0]!.id;
  const lumen = await tenantOf("lumen-ai");
  const genovia = await tenantOf("genovia-bio");
  const other = (await createOrganization(db, "Other operator")).id;
  const emails = {} as Record<Exclude<SessionPrincipal, "anonymous">, string>;
  const userIds = {} as Record<string, string>;
  for (const role of ["admin", "compliance_officer", "legal", "auditor"] as Role[]) {
    const member = await createMember(db, org, role);
    emails[role as "admin"] = member.user.email;
    userIds[role] = member.user.id;
  }
  emails.tenant_member = (await createMember(db, org, "tenant_member", { tenantId: lumen })).user.email;
  emails.other_org_admin = (await createMember(db, other, "admin")).user.email;
  // The matrix's auditor is assigned to the demo audit, as its workspace requires.
  const [audit] = await db.select().from(audits).where(eq(audits.organizationId, org));
  await db.execute(
    sql`insert into audit_auditors (audit_id, organization_id, user_id, added_by_label) values (${audit!.id}, ${org}, ${userIds.auditor!}, 'matrix')`,
  );

  const token = async (organizationId: string, scopes: (typeof API_SCOPES)[number][]) =>
    (await withScope(db, { organizationId }, (tx) => createApiToken(tx, { organizationId, actor: systemActor, name: "matrix", scopes })))
      .secret;
  const tokens: Record<Exclude<TokenPrincipal, "no_token">, string> = {
    all_scopes: await token(org, [...API_SCOPES]),
    no_scope: await token(org, ["controls:read"]),
    other_org: await token(other, [...API_SCOPES]),
  };
  const one = async <T>(rows: Promise<T[]>) => (await rows)[0]!;
  const findingOf = (tenantId: string) =>
    one(
      db
        .select({ id: findings.id })
        .from(findings)
        .where(and(eq(findings.organizationId, org), eq(findings.tenantId, tenantId))),
    );
  const lumenAttestation = await one(db.select().from(attestations).where(eq(attestations.tenantId, lumen)));
  const invitation = await withScope(db, { organizationId: org }, (tx) =>
    createInvitation(tx, {
      organizationId: org,
      actor: { userId: userIds.admin!, label: emails.admin },
      input: { email: "matrix@invite.example", role: "auditor" } as never,
    }),
  );
  const ids = {
    org,
    lumen,
    genovia,
    asset: rowsOf<{ id: string }>(
      await db.execute(sql`select id from assets where organization_id = ${org} and kind = 'rack' and tenant_id = ${lumen} limit 1`),
    )[0]!.id,
    agreement: (await one(db.select({ id: agreements.id }).from(agreements).where(eq(agreements.organizationId, org)))).id,
    permit: (await one(db.select({ id: permits.id }).from(permits).where(eq(permits.organizationId, org)))).id,
    risk: (await one(db.select({ id: risks.id }).from(risks).where(eq(risks.organizationId, org)))).id,
    lumenFinding: (await findingOf(lumen)).id,
    genoviaFinding: (await findingOf(genovia)).id,
    attestation: lumenAttestation.id,
    attestationCode: lumenAttestation.code,
    genoviaAttestation: (
      await withScope(db, { organizationId: org }, async (tx) => {
        const { issueAttestation } = await import("../../app/reports/attestations.server");
        const { configuredKeyEncryptionKey } = await import("../../app/reports/signing-keys.server");
        return issueAttestation(tx, {
          organizationId: org,
          tenantId: genovia,
          language: "en",
          asOf: null,
          actor: systemActor,
          kek: configuredKeyEncryptionKey(),
          publicUrl: "http://localhost",
        });
      })
    ).id,
    audit: audit!.id,
    run: rowsOf<{ id: string }>(await db.execute(sql`select id from evaluation_runs where organization_id = ${org} limit 1`))[0]!.id,
    membership: (
      await one(
        db
          .select({ id: memberships.id })
          .from(memberships)
          .where(and(eq(memberships.organizationId, org), eq(memberships.role, "legal"))),
      )
    ).id,
    invitation: invitation.ok ? invitation.value.id : "",
    inviteToken: invitation.ok ? invitation.value.token : "",
    apiToken: (await one(db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.organizationId, org)))).id,
  };
  const browsers = {} as Record<SessionPrincipal, Awaited<ReturnType<typeof browserFor>> | null>;
  for (const [principal, email] of Object.entries(emails)) browsers[principal as SessionPrincipal] = await browserFor(db, email);
  browsers.anonymous = null;
  return { ids, tokens, browsers };
}

/** The HTTP status a loader or action answers: a returned or thrown Response, `data()` with a status, or 200. */
export async function statusOf(handler: Handler, request: Request, params: Record<string, string>, db: Db): Promise<number> {
  try {
    const result = await handler({ request, params, context: testContext(db) } as never);
    if (result instanceof Response) return result.status;
    if (result && typeof result === "object" && "init" in result)
      return (result as { init?: { status?: number } | null }).init?.status ?? 200;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}
