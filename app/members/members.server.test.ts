import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { auditLog, invitations, memberships, sessions } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createMember, createOrganization, createTenant, PASSWORD, systemActor } from "../../tests/factories";
import { signIn } from "../auth/auth.server";
import { createSession } from "../auth/session.server";
import {
  acceptInvitationSignedIn,
  acceptInvitationWithNewAccount,
  createInvitation,
  describeInvitation,
  revokeInvitation,
} from "./invitations.server";
import { listMembers, removeMember, updateMember } from "./members.server";

let database: TestDatabase;
let orgId: string;
let admin: Awaited<ReturnType<typeof createMember>>;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db, "Helios")).id;
  admin = await createMember(database.db, orgId, "admin");
});
afterAll(() => database?.destroy());

const inOrg = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: orgId }, work);
const adminActor = () => ({ userId: admin.user.id, label: admin.user.email });

async function invite(email: string, role: "auditor" | "tenant_member" | "legal", tenantId?: string) {
  const outcome = await inOrg((tx) =>
    createInvitation(tx, { organizationId: orgId, actor: adminActor(), input: { email, role, tenantId } }),
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.value;
}

describe("invitations", () => {
  it("turns a one-time link into a new account with a membership, and the link then stops working", async () => {
    const { token, id } = await invite("New.Person@Example.com", "auditor");
    const [stored] = await database.db.select().from(invitations).where(eq(invitations.id, id));
    expect(stored?.tokenHash).not.toContain(token);
    expect(await describeInvitation(database.db, token)).toEqual({
      id,
      email: "new.person@example.com",
      organizationName: expect.any(String),
      role: "auditor",
    });
    const accepted = await acceptInvitationWithNewAccount(database.db, { token, name: "New Person", password: "a-new-password-1" });
    expect(accepted?.ok).toBe(true);
    expect(await describeInvitation(database.db, token)).toBeNull();
    expect(await acceptInvitationWithNewAccount(database.db, { token, name: "Again", password: "a-new-password-1" })).toBeNull();
    const signedIn = await signIn(database.db, { email: "new.person@example.com", password: "a-new-password-1", ip: "x" });
    expect(signedIn.ok).toBe(true);
    const created = await database.db.select().from(auditLog).where(eq(auditLog.action, "membership.create"));
    expect(created).toHaveLength(1);
  });

  it("lets an existing account accept only while signed in as the invited address, never through a password", async () => {
    const otherOrg = await createOrganization(database.db);
    const existing = await createMember(database.db, otherOrg.id, "admin");
    const stranger = await createMember(database.db, otherOrg.id, "legal");
    const { token } = await invite(existing.user.email, "legal");
    expect(await acceptInvitationWithNewAccount(database.db, { token, name: "Mallory", password: PASSWORD })).toEqual({
      ok: false,
      formError: "invite.signInToAccept",
    });
    await createSession(database.db, existing.user.id, otherOrg.id);
    const [sessionRow] = await database.db.select().from(sessions).where(eq(sessions.userId, existing.user.id));
    const wrongUser = await acceptInvitationSignedIn(database.db, { token, user: stranger.user, sessionId: sessionRow!.id });
    expect(wrongUser).toEqual({ ok: false, formError: "invite.otherAccount" });
    const right = await acceptInvitationSignedIn(database.db, { token, user: existing.user, sessionId: sessionRow!.id });
    expect(right?.ok).toBe(true);
    const rows = await database.db.select().from(memberships).where(eq(memberships.userId, existing.user.id));
    expect(rows.map((r) => r.role).sort()).toEqual(["admin", "legal"]);
    const [session] = await database.db.select().from(sessions).where(eq(sessions.id, sessionRow!.id));
    expect(session?.activeOrganizationId).toBe(orgId);
    expect(await describeInvitation(database.db, token)).toBeNull();
  });

  it("refuses to invite someone who is already a member, and a tenant of another organisation", async () => {
    const again = await inOrg((tx) =>
      createInvitation(tx, { organizationId: orgId, actor: adminActor(), input: { email: admin.user.email, role: "auditor" } }),
    );
    expect(again).toEqual({ ok: false, fieldErrors: { email: ["members.invite.alreadyMember"] } });
    const foreignTenant = await createTenant(database.db, (await createOrganization(database.db)).id);
    const foreign = await inOrg((tx) =>
      createInvitation(tx, {
        organizationId: orgId,
        actor: adminActor(),
        input: { email: "x@example.com", role: "tenant_member", tenantId: foreignTenant.id },
      }),
    );
    expect(foreign).toEqual({ ok: false, fieldErrors: { tenantId: ["validation.tenantRequired"] } });
  });

  it("revokes a pending invitation", async () => {
    const { token, id } = await invite("revoked@example.com", "auditor");
    expect(await inOrg((tx) => revokeInvitation(tx, { organizationId: orgId, actor: adminActor(), invitationId: id }))).toBe(true);
    expect(await describeInvitation(database.db, token)).toBeNull();
  });
});

describe("memberships", () => {
  it("never leaves an organisation without an administrator", async () => {
    const demote = await inOrg((tx) =>
      updateMember(tx, {
        organizationId: orgId,
        actor: systemActor,
        membershipId: admin.membership.id,
        input: { name: admin.user.name, role: "auditor" },
      }),
    );
    expect(demote).toEqual({ ok: false, fieldErrors: { role: ["members.lastAdmin"] } });
    const remove = await inOrg((tx) => removeMember(tx, { organizationId: orgId, actor: systemActor, membershipId: admin.membership.id }));
    expect(remove).toEqual({ ok: false, formError: "members.lastAdmin" });
  });

  it("changes a role and a name, and removes a member, recording before and after", async () => {
    const tenant = await createTenant(database.db, orgId);
    const member = await createMember(database.db, orgId, "legal");
    const changed = await inOrg((tx) =>
      updateMember(tx, {
        organizationId: orgId,
        actor: systemActor,
        membershipId: member.membership.id,
        input: { name: "Renamed Person", role: "tenant_member", tenantId: tenant.id },
      }),
    );
    expect(changed?.ok).toBe(true);
    const { members } = await inOrg((tx) => listMembers(tx, { organizationId: orgId, page: 1, pageSize: 50 }));
    expect(members.find((m) => m.id === member.membership.id)).toMatchObject({
      name: "Renamed Person",
      role: "tenant_member",
      tenantName: tenant.legalName,
    });
    const removed = await inOrg((tx) =>
      removeMember(tx, { organizationId: orgId, actor: systemActor, membershipId: member.membership.id }),
    );
    expect(removed?.ok).toBe(true);
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.entityId, member.membership.id)).orderBy(auditLog.seq);
    expect(entries.map((e) => e.action)).toEqual(["membership.update", "membership.delete"]);
    expect(entries[0]?.before).toMatchObject({ role: "legal" });
    expect(entries[0]?.after).toMatchObject({ role: "tenant_member", name: "Renamed Person" });
  });
});
