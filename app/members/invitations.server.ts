import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { withSystem, type Db, type Tx } from "../../db/connection.server";
import { invitations, memberships, organizations, tenants, users } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import { hashPassword } from "../auth/password.server";
import { createSession, setActiveOrganization } from "../auth/session.server";
import { randomToken, sha256Hex } from "../auth/tokens.server";
import type { Outcome } from "../tenants/tenants.server";
import type { InvitationInput } from "./member-schema";
import * as clock from "../config/clock";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
type OrgParams = { organizationId: string };

export async function listPendingInvitations(tx: Tx, params: OrgParams) {
  return tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      tenantName: tenants.legalName,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .leftJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(
      and(eq(invitations.organizationId, params.organizationId), isNull(invitations.acceptedAt), gt(invitations.expiresAt, clock.now())),
    )
    .orderBy(asc(invitations.email));
}

/** Creates an invitation and answers its one-time token, which is stored only as a hash. */
export async function createInvitation(
  tx: Tx,
  params: OrgParams & { actor: Actor & { userId: string }; input: InvitationInput },
): Promise<Outcome<{ id: string; token: string }>> {
  const email = params.input.email.toLowerCase();
  // Under row-level security this only sees users who already belong to this organisation.
  const [member] = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(memberships.organizationId, params.organizationId), sql`lower(${users.email}) = ${email}`));
  if (member) return { ok: false, fieldErrors: { email: ["members.invite.alreadyMember"] } };
  const tenantId = params.input.role === "tenant_member" ? (params.input.tenantId ?? null) : null;
  if (tenantId) {
    const [tenant] = await tx
      .select({ id: tenants.id })
      .from(tenants)
      .where(and(eq(tenants.organizationId, params.organizationId), eq(tenants.id, tenantId)));
    if (!tenant) return { ok: false, fieldErrors: { tenantId: ["validation.tenantRequired"] } };
  }
  const token = randomToken();
  const [invitation] = await tx
    .insert(invitations)
    .values({
      organizationId: params.organizationId,
      email,
      role: params.input.role,
      tenantId,
      tokenHash: sha256Hex(token),
      invitedByUserId: params.actor.userId,
      expiresAt: new Date(clock.now().getTime() + INVITATION_TTL_MS),
    })
    .returning();
  if (!invitation) throw new Error("Invitation was not created");
  const { tokenHash: _secret, ...recorded } = invitation;
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "invitation.create",
    entityType: "invitation",
    entityId: invitation.id,
    after: recorded,
  });
  return { ok: true, value: { id: invitation.id, token } };
}

export async function revokeInvitation(tx: Tx, params: OrgParams & { actor: Actor; invitationId: string }): Promise<boolean> {
  const [before] = await tx
    .select()
    .from(invitations)
    .where(
      and(eq(invitations.organizationId, params.organizationId), eq(invitations.id, params.invitationId), isNull(invitations.acceptedAt)),
    );
  if (!before) return false;
  await tx.delete(invitations).where(eq(invitations.id, before.id));
  const { tokenHash: _secret, ...recorded } = before;
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "invitation.revoke",
    entityType: "invitation",
    entityId: before.id,
    before: recorded,
  });
  return true;
}

export type PendingInvitation = {
  id: string;
  email: string;
  organizationName: string;
  role: string;
};

async function findOpenInvitation(tx: Tx, token: string) {
  const [row] = await tx
    .select({ invitation: invitations, organizationName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(and(eq(invitations.tokenHash, sha256Hex(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, clock.now())));
  return row ?? null;
}

async function findUserByEmail(tx: Tx, email: string) {
  const [user] = await tx
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return user ?? null;
}

/** What the invitation page shows. It never says whether the invited address already has an account. */
export async function describeInvitation(db: Db, token: string): Promise<PendingInvitation | null> {
  return withSystem(db, async (tx) => {
    const found = await findOpenInvitation(tx, token);
    if (!found) return null;
    return {
      id: found.invitation.id,
      email: found.invitation.email,
      organizationName: found.organizationName,
      role: found.invitation.role,
    };
  });
}

async function joinOrganization(tx: Tx, invitation: typeof invitations.$inferSelect, user: { id: string; email: string }) {
  const [membership] = await tx
    .insert(memberships)
    .values({
      organizationId: invitation.organizationId,
      userId: user.id,
      role: invitation.role,
      tenantId: invitation.tenantId,
    })
    .onConflictDoNothing()
    .returning();
  await tx.update(invitations).set({ acceptedAt: clock.now() }).where(eq(invitations.id, invitation.id));
  if (membership) {
    await recordAudit(tx, {
      organizationId: invitation.organizationId,
      actor: { userId: user.id, label: user.email },
      action: "membership.create",
      entityType: "membership",
      entityId: membership.id,
      after: { ...membership, email: user.email, invitationId: invitation.id },
    });
  }
}

export type NewAccountInput = { token: string; name: string; password: string };

/**
 * Creates the invited person's account, joins the organisation and signs them in. An address that already has an
 * account is never changed here and no password is checked: that person accepts while signed in
 * (acceptInvitationSignedIn), and the answer only tells them to sign in.
 */
export async function acceptInvitationWithNewAccount(db: Db, input: NewAccountInput): Promise<Outcome<{ setCookie: string }> | null> {
  const passwordHash = await hashPassword(input.password);
  return withSystem(db, async (tx) => {
    const found = await findOpenInvitation(tx, input.token);
    if (!found) return null;
    const { invitation } = found;
    let user = await findUserByEmail(tx, invitation.email);
    if (user?.passwordHash) return { ok: false, formError: "invite.signInToAccept" };
    if (user) {
      await tx.update(users).set({ passwordHash, name: input.name }).where(eq(users.id, user.id));
    } else {
      const [created] = await tx.insert(users).values({ email: invitation.email, name: input.name, passwordHash }).returning();
      user = created ?? null;
    }
    if (!user) throw new Error("User was not created");
    await joinOrganization(tx, invitation, user);
    return { ok: true, value: { setCookie: await createSession(tx, user.id, invitation.organizationId) } };
  });
}

/**
 * The signed-in user accepts an invitation made out to their own address (one click): the membership is created and
 * the session opens the organisation. Another address is refused.
 */
export async function acceptInvitationSignedIn(
  db: Db,
  input: { token: string; user: { id: string; email: string }; sessionId: string },
): Promise<Outcome<null> | null> {
  return withSystem(db, async (tx) => {
    const found = await findOpenInvitation(tx, input.token);
    if (!found) return null;
    const { invitation } = found;
    if (invitation.email.toLowerCase() !== input.user.email.toLowerCase()) return { ok: false, formError: "invite.otherAccount" };
    await joinOrganization(tx, invitation, input.user);
    await setActiveOrganization(tx, input.sessionId, invitation.organizationId);
    return { ok: true, value: null };
  });
}
