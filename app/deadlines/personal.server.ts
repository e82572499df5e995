import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Logger } from "pino";
import { withScope, type Db, type Tx } from "../../db/connection.server";
import { notificationPreferences, notifications } from "../../db/schema";
import type { PersonalNotificationKind } from "../../db/schema/notifications";
import { getConfig } from "../config/config.server";
import * as clock from "../config/clock";
import { isLocale, translator } from "../i18n/i18n";
import { messageText, type MessageKey } from "../i18n/keys";
import { PERSONAL_NOTIFICATION_KIND_LABEL } from "../i18n/labels";
import { createMailer, type Mailer } from "./mailer.server";

/**
 * Notifications addressed to a person about work waiting for them or about their own request (an audit's flag or
 * answer, a four-eyes exception to decide or decided): a bell entry created in the change's transaction, and an
 * e-mail sent once it has committed. Unlike deadlines they have no due date nor threshold; they are e-mailed unless the
 * person turned these e-mails off (notification_preferences.personal_email, on by default), whatever they chose for
 * deadlines. The bell entry is made either way.
 */

export type Person = { userId: string; email: string; locale: string | null };
type Recipient = { notificationId: string; email: string; locale: string | null };
/** A catalogue message and its values, translated for each recipient when the e-mail is written. */
type Message = { key: MessageKey; values: Record<string, string> };

export type PersonalOutbox = {
  kind: PersonalNotificationKind;
  subject: Message;
  body: Message;
  /** The person's own words (a comment, a justification, a note), quoted as written. */
  quote: string;
  link: string;
  recipients: Recipient[];
};

/**
 * Creates one bell notification per person, once per `key` (the same key never notifies a person twice), and returns
 * what to e-mail after the commit; null when nobody is told.
 */
export async function notifyPeople(
  tx: Tx,
  params: {
    organizationId: string;
    people: Person[];
    kind: PersonalNotificationKind;
    key: string;
    title: string;
    link: string;
    mail: Pick<PersonalOutbox, "subject" | "body" | "quote">;
  },
): Promise<PersonalOutbox | null> {
  if (params.people.length === 0) return null;
  const inserted = await tx
    .insert(notifications)
    .values(
      params.people.map((p) => ({
        organizationId: params.organizationId,
        userId: p.userId,
        kind: params.kind,
        deadlineKey: params.key,
        title: params.title,
        link: params.link,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: notifications.id, userId: notifications.userId });
  if (inserted.length === 0) return null;
  const silent = new Set(
    (
      await tx
        .select({ userId: notificationPreferences.userId })
        .from(notificationPreferences)
        .where(
          and(
            eq(notificationPreferences.organizationId, params.organizationId),
            inArray(
              notificationPreferences.userId,
              inserted.map((n) => n.userId),
            ),
            eq(notificationPreferences.personalEmail, false),
          ),
        )
    ).map((p) => p.userId),
  );
  return {
    kind: params.kind,
    ...params.mail,
    link: params.link,
    recipients: inserted
      .filter((n) => !silent.has(n.userId))
      .map((n) => {
        const person = params.people.find((p) => p.userId === n.userId)!;
        return { notificationId: n.id, email: person.email, locale: person.locale };
      }),
  };
}

/**
 * Marks read, for everyone it told, the bell entry a key created once what it asked of them is settled (a request
 * decided, withdrawn or lapsed): the bell stops counting work that no longer waits. The entries stay listed.
 */
export async function settleNotifications(tx: Tx, params: { organizationId: string; keys: string[] }) {
  if (params.keys.length === 0) return;
  await tx
    .update(notifications)
    .set({ readAt: clock.now() })
    .where(
      and(
        eq(notifications.organizationId, params.organizationId),
        inArray(notifications.deadlineKey, params.keys),
        isNull(notifications.readAt),
      ),
    );
}

let mailer: Mailer | undefined;
/** The installation's mailer (SMTP_URL, else the JSON log), made once per process. */
export function personalMailer(log: Logger): Mailer {
  const config = getConfig();
  return (mailer ??= createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log }));
}

/**
 * E-mails each recipient in their own language and stamps their notification as e-mailed. Runs after the change's
 * transaction has committed: a mail server that fails leaves the change and the bell intact (the error goes to the
 * log; the notification keeps no e-mailed time).
 */
export async function mailPeople(
  db: Db,
  params: { organizationId: string; outbox: PersonalOutbox; mailer: Mailer; baseUrl: string; log?: Logger | undefined },
): Promise<number> {
  const { outbox } = params;
  const sent: string[] = [];
  for (const recipient of outbox.recipients) {
    const t = translator(isLocale(recipient.locale) ? recipient.locale : "en");
    const body = [messageText(t, outbox.body), outbox.quote, `${params.baseUrl.replace(/\/+$/, "")}${outbox.link}`];
    try {
      await params.mailer.send({
        to: recipient.email,
        subject: `${t(PERSONAL_NOTIFICATION_KIND_LABEL[outbox.kind])} — ${messageText(t, outbox.subject)}`,
        text: body.filter(Boolean).join("\n\n"),
      });
      sent.push(recipient.notificationId);
    } catch (error) {
      params.log?.error({ err: error, event: "personal_mail_failed", kind: outbox.kind }, "notification e-mail failed");
    }
  }
  if (sent.length > 0)
    await withScope(db, { organizationId: params.organizationId }, (tx) =>
      tx.update(notifications).set({ emailedAt: clock.now() }).where(inArray(notifications.id, sent)),
    );
  return sent.length;
}

/** After a committed change: e-mails what it notified, with the installation's mailer and public address. */
export async function mailAfterCommit(
  context: { db: Db; log: Logger },
  request: Request,
  params: { organizationId: string; outboxes: (PersonalOutbox | null | undefined)[] },
): Promise<void> {
  for (const outbox of params.outboxes) {
    if (!outbox) continue;
    await mailPeople(context.db, {
      organizationId: params.organizationId,
      outbox,
      mailer: personalMailer(context.log),
      baseUrl: getConfig().publicUrl ?? new URL(request.url).origin,
      log: context.log,
    });
  }
}
