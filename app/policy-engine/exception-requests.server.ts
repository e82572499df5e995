import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { subject } from "@casl/ability";
import {
  exceptionRequests,
  findingEvents,
  findings,
  memberships,
  organizations,
  users,
  type ExceptionDecision,
  type ExceptionRequest,
} from "../../db/schema";
import { ROLES } from "../../db/schema/identity";
import { defineAbilityFor } from "../auth/ability";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import * as clock from "../config/clock";
import { notifyPeople, settleNotifications, type Person, type PersonalOutbox } from "../deadlines/personal.server";
import type { Decision } from "./finding-schema";
import { grantException, type ExceptionInput } from "./findings.server";
import { SEVERITIES, type Severity } from "./policy-schema";

/**
 * Four-eyes exceptions (issue 17). An organisation names the severities whose exceptions a second person must
 * approve (organizations.four_eyes_severities, critical and high by default). Accepting such a finding makes a
 * pending request (exception_requests), not an exception: reports and posture read only finding_exceptions, so a
 * request changes nothing there until another compliance officer or admin approves it, which grants the exception
 * (grantException) with the requester's justification and expiry. The requester can neither approve nor refuse
 * their own request.
 *
 * Notifications (app/deadlines/personal.server.ts): a request tells those who may decide it (the bell and an e-mail),
 * a decision tells the requester. Pending requests are also on the findings page and the deciders' next actions.
 */

type OrgParams = { organizationId: string };

export const DEFAULT_FOUR_EYES_SEVERITIES: Severity[] = ["critical", "high"];

export async function fourEyesSeverities(tx: Tx, params: OrgParams): Promise<Severity[]> {
  const [org] = await tx
    .select({ severities: organizations.fourEyesSeverities })
    .from(organizations)
    .where(eq(organizations.id, params.organizationId));
  return org ? SEVERITIES.filter((s) => org.severities.includes(s)) : DEFAULT_FOUR_EYES_SEVERITIES;
}

/** The same person as the requester: by user when both are users, by label otherwise (an API token, the system). */
function samePerson(request: Pick<ExceptionRequest, "requestedByUserId" | "requestedByLabel">, actor: Actor): boolean {
  if (request.requestedByUserId && actor.userId) return request.requestedByUserId === actor.userId;
  return request.requestedByLabel === actor.label;
}

export type RequestOutcome = {
  /** Findings accepted at once: their severity needs no second person. */
  granted: string[];
  /** Findings now waiting for a second person's approval. */
  requested: string[];
  /** Not open, not in the organisation, or already waiting for approval. */
  skipped: string[];
  /** What to e-mail once committed: one per request, to those who may decide it. */
  outboxes: PersonalOutbox[];
};

/**
 * Accepts findings with an exception, four eyes where the organisation asks for them: open findings of a four-eyes
 * severity get a pending request (an event and an audit entry each), the others are granted directly as before.
 */
export async function requestException(tx: Tx, params: OrgParams & { actor: Actor } & ExceptionInput): Promise<RequestOutcome> {
  const severities = await fourEyesSeverities(tx, params);
  const open = await tx
    .select({ id: findings.id, severity: findings.severity, resourceName: findings.resourceName })
    .from(findings)
    .where(and(eq(findings.organizationId, params.organizationId), inArray(findings.id, params.findingIds), eq(findings.status, "open")));
  const direct = open.filter((f) => !severities.includes(f.severity)).map((f) => f.id);
  const fourEyes = open.filter((f) => severities.includes(f.severity));
  const granted = direct.length ? (await grantException(tx, { ...params, findingIds: direct })).granted : [];
  const requested: string[] = [];
  const outboxes: PersonalOutbox[] = [];
  const deciders = fourEyes.length ? (await decidersOf(tx, params.organizationId)).filter((p) => !isActor(p, params.actor)) : [];
  for (const { id: findingId, resourceName } of fourEyes) {
    const [request] = await tx
      .insert(exceptionRequests)
      .values({
        organizationId: params.organizationId,
        findingId,
        justification: params.justification,
        expiresOn: params.expiresOn,
        requestedByUserId: params.actor.userId,
        requestedByLabel: params.actor.label,
      })
      // A finding waiting for approval already: the first request stands.
      .onConflictDoNothing({ target: exceptionRequests.findingId, where: sql`${exceptionRequests.decision} is null` })
      .returning();
    if (!request) continue;
    requested.push(findingId);
    await tx.insert(findingEvents).values({
      organizationId: params.organizationId,
      findingId,
      kind: "exception_requested",
      actorLabel: params.actor.label,
      detail: { requestId: request.id, justification: params.justification, expiresOn: params.expiresOn },
    });
    await recordAudit(tx, {
      organizationId: params.organizationId,
      actor: params.actor,
      action: "finding.exception_requested",
      entityType: "finding",
      entityId: findingId,
      before: null,
      after: { request },
    });
    const values = { name: resourceName, until: request.expiresOn, author: params.actor.label };
    const outbox = await notifyPeople(tx, {
      organizationId: params.organizationId,
      people: deciders,
      kind: "exception_requested",
      key: requestNotificationKey(request.id),
      title: resourceName,
      link: `/findings/${findingId}`,
      mail: {
        subject: { key: "findings.fourEyes.notifications.requestedSubject", values },
        body: { key: "findings.fourEyes.notifications.requestedBody", values },
        quote: request.justification,
      },
    });
    if (outbox) outboxes.push(outbox);
  }
  const done = new Set([...granted, ...requested]);
  return { granted, requested, skipped: params.findingIds.filter((id) => !done.has(id)), outboxes };
}

/** The roles that may decide a request, as the abilities say (app/auth/ability.ts). */
const DECIDER_ROLES = ROLES.filter((role) =>
  defineAbilityFor({ role, organizationId: "-", tenantId: "-" }).can("update", subject("ExceptionRequest", { organizationId: "-" })),
);

const PERSON = { userId: users.id, email: users.email, locale: users.locale };

/** The organisation's members who may decide a request. */
function decidersOf(tx: Tx, organizationId: string): Promise<Person[]> {
  return tx
    .select(PERSON)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, DECIDER_ROLES)));
}

const isActor = (person: Person, actor: Actor) => person.userId === actor.userId;

/** Tells the requester, if still a member, that their request was approved or refused, and by whom. */
async function notifyRequester(tx: Tx, params: OrgParams & { actor: Actor; request: ExceptionRequest }): Promise<PersonalOutbox | null> {
  const { request } = params;
  if (!request.requestedByUserId) return null;
  const people = await tx
    .select(PERSON)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, params.organizationId), eq(users.id, request.requestedByUserId)));
  const [finding] = await tx.select({ name: findings.resourceName }).from(findings).where(eq(findings.id, request.findingId));
  const values = { name: finding?.name ?? "", until: request.expiresOn, author: params.actor.label };
  const approved = request.decision === "approved";
  return notifyPeople(tx, {
    organizationId: params.organizationId,
    people,
    kind: "exception_decided",
    key: `exception-decision:${request.id}`,
    title: values.name,
    link: `/findings/${request.findingId}`,
    mail: {
      subject: {
        key: approved ? "findings.fourEyes.notifications.approvedSubject" : "findings.fourEyes.notifications.refusedSubject",
        values,
      },
      body: { key: approved ? "findings.fourEyes.notifications.approvedBody" : "findings.fourEyes.notifications.refusedBody", values },
      quote: request.decisionNote ?? "",
    },
  });
}

export type DecisionError = "notFound" | "ownRequest" | "notOwn" | "notPending" | "notOpen";
export type DecisionOutcome = { ok: true; request: ExceptionRequest; outbox: PersonalOutbox | null } | { ok: false; error: DecisionError };

/** The request, locked for its decision; null when it is not this organisation's. */
async function lockRequest(tx: Tx, params: OrgParams & { requestId: string }) {
  const [request] = await tx
    .select()
    .from(exceptionRequests)
    .where(and(eq(exceptionRequests.organizationId, params.organizationId), eq(exceptionRequests.id, params.requestId)))
    .for("update");
  return request ?? null;
}

/** Checks shared by approval and refusal; an error changes nothing. */
async function decidable(tx: Tx, params: OrgParams & { actor: Actor; requestId: string }) {
  const request = await lockRequest(tx, params);
  if (!request) return { ok: false as const, error: "notFound" as const };
  if (request.decision) return { ok: false as const, error: "notPending" as const };
  if (samePerson(request, params.actor)) return { ok: false as const, error: "ownRequest" as const };
  return { ok: true as const, request };
}

/** The deciders' bell entry of a request: one per person, settled when the request closes. */
const requestNotificationKey = (requestId: string) => `exception-request:${requestId}`;

/** Closes a pending request with its outcome, naming who closed it and when; the deciders' entries are settled. */
async function close(tx: Tx, request: ExceptionRequest, actor: Actor, decision: ExceptionDecision, note: string | null) {
  const [closed] = await tx
    .update(exceptionRequests)
    .set({ decision, decidedByUserId: actor.userId, decidedByLabel: actor.label, decidedAt: clock.now(), decisionNote: note })
    .where(eq(exceptionRequests.id, request.id))
    .returning();
  await settleNotifications(tx, { organizationId: request.organizationId, keys: [requestNotificationKey(request.id)] });
  return closed!;
}

/**
 * The engine resolved these findings: their pending requests have nothing left to accept and close as lapsed, at the
 * resolution's instant, by the engine; the deciders' entries are settled.
 */
export async function lapseRequests(tx: Tx, params: OrgParams & { findingIds: string[]; at: Date; by: string }) {
  const lapsed = await tx
    .update(exceptionRequests)
    .set({ decision: "lapsed", decidedAt: params.at, decidedByLabel: params.by })
    .where(
      and(
        eq(exceptionRequests.organizationId, params.organizationId),
        isNull(exceptionRequests.decision),
        inArray(exceptionRequests.findingId, params.findingIds),
      ),
    )
    .returning({ id: exceptionRequests.id });
  await settleNotifications(tx, { organizationId: params.organizationId, keys: lapsed.map((r) => requestNotificationKey(r.id)) });
}

/** How a request closes without an exception; each is a finding event and, prefixed with "finding.", an audit action. */
export const CLOSURE_EVENT_KINDS = ["exception_refused", "exception_withdrawn"] as const;

/** A request closed without an exception (refused, withdrawn): the finding's event and the audit entry say so. */
async function recordClosure(
  tx: Tx,
  params: OrgParams & { actor: Actor; before: ExceptionRequest; after: ExceptionRequest },
  event: { kind: (typeof CLOSURE_EVENT_KINDS)[number]; detail: Record<string, unknown> },
) {
  await tx.insert(findingEvents).values({
    organizationId: params.organizationId,
    findingId: params.before.findingId,
    kind: event.kind,
    actorLabel: params.actor.label,
    detail: { requestId: params.before.id, ...event.detail },
  });
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: `finding.${event.kind}`,
    entityType: "finding",
    entityId: params.before.findingId,
    before: { request: params.before },
    after: { request: params.after },
  });
}

/**
 * A second person approves: the finding is accepted with the requester's justification and expiry, the exception
 * granted by the approver; the finding's event and the audit log name both.
 */
export async function approveException(
  tx: Tx,
  params: OrgParams & { actor: Actor; requestId: string; note?: string | undefined },
): Promise<DecisionOutcome> {
  const checked = await decidable(tx, params);
  if (!checked.ok) return checked;
  const { request } = checked;
  const outcome = await grantException(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    findingIds: [request.findingId],
    justification: request.justification,
    expiresOn: request.expiresOn,
    request: { id: request.id, requestedByUserId: request.requestedByUserId, requestedByLabel: request.requestedByLabel },
  });
  // The finding resolved (or was accepted otherwise) since: nothing is granted and the request stays as it was.
  if (outcome.granted.length === 0) return { ok: false, error: "notOpen" };
  const decided = await close(tx, request, params.actor, "approved", params.note || null);
  return { ok: true, request: decided, outbox: await notifyRequester(tx, { ...params, request: decided }) };
}

/** A second person refuses, with a note: the finding stays open, the request is closed. */
export async function refuseException(
  tx: Tx,
  params: OrgParams & { actor: Actor; requestId: string; note: string },
): Promise<DecisionOutcome> {
  const checked = await decidable(tx, params);
  if (!checked.ok) return checked;
  const { request } = checked;
  const decided = await close(tx, request, params.actor, "refused", params.note);
  await recordClosure(
    tx,
    { ...params, before: request, after: decided },
    { kind: "exception_refused", detail: { requestedBy: request.requestedByLabel, reason: params.note } },
  );
  return { ok: true, request: decided, outbox: await notifyRequester(tx, { ...params, request: decided }) };
}

export type PendingException = {
  id: string;
  findingId: string;
  severity: Severity;
  policyId: string;
  resourceName: string;
  message: { en: string; fr: string };
  justification: string;
  expiresOn: string;
  requestedByUserId: string | null;
  requestedByLabel: string;
  requestedAt: Date;
};

/** Requests waiting for a decision on findings still open, oldest first; `findingId` narrows to one finding. */
export async function listPendingExceptions(tx: Tx, params: OrgParams & { findingId?: string }): Promise<PendingException[]> {
  return tx
    .select({
      id: exceptionRequests.id,
      findingId: exceptionRequests.findingId,
      severity: findings.severity,
      policyId: findings.policyId,
      resourceName: findings.resourceName,
      message: findings.message,
      justification: exceptionRequests.justification,
      expiresOn: exceptionRequests.expiresOn,
      requestedByUserId: exceptionRequests.requestedByUserId,
      requestedByLabel: exceptionRequests.requestedByLabel,
      requestedAt: exceptionRequests.requestedAt,
    })
    .from(exceptionRequests)
    .innerJoin(findings, eq(findings.id, exceptionRequests.findingId))
    .where(
      and(
        eq(exceptionRequests.organizationId, params.organizationId),
        isNull(exceptionRequests.decision),
        eq(findings.status, "open"),
        params.findingId ? eq(exceptionRequests.findingId, params.findingId) : undefined,
      ),
    )
    .orderBy(asc(exceptionRequests.requestedAt), asc(exceptionRequests.id));
}

/** Whether this reader made the request (and so may not decide it). */
export function isOwnRequest(request: Pick<PendingException, "requestedByUserId" | "requestedByLabel">, actor: Actor): boolean {
  return samePerson(request, actor);
}

/** The admin's choice of four-eyes severities, with an audit entry when it changes. */
export async function setFourEyesSeverities(tx: Tx, params: OrgParams & { actor: Actor; severities: Severity[] }) {
  const before = await fourEyesSeverities(tx, params);
  const after = SEVERITIES.filter((s) => params.severities.includes(s));
  if (before.join() === after.join()) return { changed: false, severities: after };
  await tx
    .update(organizations)
    .set({ fourEyesSeverities: after, updatedAt: clock.now() })
    .where(eq(organizations.id, params.organizationId));
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "organization.four_eyes_changed",
    entityType: "organization",
    entityId: params.organizationId,
    before: { fourEyesSeverities: before },
    after: { fourEyesSeverities: after },
  });
  return { changed: true, severities: after };
}

/**
 * The requester takes their own pending request back (they no longer need it, or it was wrong): the finding stays
 * open, the request is closed as withdrawn; nobody else may withdraw it.
 */
export async function withdrawException(tx: Tx, params: OrgParams & { actor: Actor; requestId: string }): Promise<DecisionOutcome> {
  const request = await lockRequest(tx, params);
  if (!request) return { ok: false, error: "notFound" };
  if (request.decision) return { ok: false, error: "notPending" };
  if (!samePerson(request, params.actor)) return { ok: false, error: "notOwn" };
  const withdrawn = await close(tx, request, params.actor, "withdrawn", null);
  await recordClosure(tx, { ...params, before: request, after: withdrawn }, { kind: "exception_withdrawn", detail: {} });
  return { ok: true, request: withdrawn, outbox: null };
}

/** A decision submitted from a page (DecisionSchema): approve or refuse, with its note; or withdraw one's own. */
export function decideException(tx: Tx, params: OrgParams & { actor: Actor; decision: Decision }): Promise<DecisionOutcome> {
  const { decision, ...rest } = params;
  switch (decision.intent) {
    case "approve":
      return approveException(tx, { ...rest, requestId: decision.requestId, note: decision.note });
    case "refuse":
      return refuseException(tx, { ...rest, requestId: decision.requestId, note: decision.note });
    case "withdraw":
      return withdrawException(tx, { ...rest, requestId: decision.requestId });
  }
}

/** The message key and HTTP status a page answers for a refused decision (a missing request is a 404 thrown before). */
export const DECISION_ERROR = {
  ownRequest: { key: "findings.fourEyes.ownRequest", status: 403 },
  notOwn: { key: "findings.fourEyes.notOwn", status: 403 },
  notPending: { key: "findings.fourEyes.notPending", status: 409 },
  notOpen: { key: "findings.fourEyes.notOpen", status: 409 },
} as const satisfies Record<Exclude<DecisionError, "notFound">, { key: string; status: number }>;
