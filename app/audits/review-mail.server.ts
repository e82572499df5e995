import { inArray } from "drizzle-orm";
import type { Logger } from "pino";
import { withScope, type Db } from "../../db/connection.server";
import { notifications } from "../../db/schema";
import { getConfig } from "../config/config.server";
import * as clock from "../config/clock";
import { createMailer, type Mailer } from "../deadlines/mailer.server";
import { isLocale, translator } from "../i18n/i18n";
import { AUDIT_NOTIFICATION_KIND_LABEL } from "../i18n/labels";
import type { ReviewOutbox } from "./audits.server";

let mailer: Mailer | undefined;
/** The installation's mailer (SMTP_URL, else the JSON log), made once per process. */
export function reviewMailer(log: Logger): Mailer {
  const config = getConfig();
  return (mailer ??= createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log }));
}

/**
 * E-mails each recipient of a flag or an answer, in their own language, and stamps their notification as e-mailed.
 * Runs after the review's transaction has committed: a mail server that fails leaves the entry and the bell intact
 * (the error goes to the log; the notification keeps no e-mailed time).
 * Audit notifications are addressed to a person about work waiting for them, so they are e-mailed whatever the
 * deadline preferences say.
 */
export async function mailReview(
  db: Db,
  params: { organizationId: string; outbox: ReviewOutbox; mailer: Mailer; baseUrl: string; log?: Logger },
): Promise<number> {
  const { outbox } = params;
  const sent: string[] = [];
  for (const recipient of outbox.recipients) {
    const t = translator(isLocale(recipient.locale) ? recipient.locale : "en");
    const vars = { title: outbox.audit.title, id: outbox.itemId, author: outbox.authorLabel };
    try {
      await params.mailer.send({
        to: recipient.email,
        subject: `${t(AUDIT_NOTIFICATION_KIND_LABEL[outbox.kind])} — ${t("audits.notifications.mailSubject", vars)}`,
        text: `${t("audits.notifications.mailBody", vars)}\n\n${outbox.comment}\n\n${params.baseUrl.replace(/\/+$/, "")}${outbox.link}`,
      });
      sent.push(recipient.notificationId);
    } catch (error) {
      params.log?.error({ err: error, event: "audit_review_mail_failed" }, "audit review e-mail failed");
    }
  }
  if (sent.length > 0)
    await withScope(db, { organizationId: params.organizationId }, (tx) =>
      tx.update(notifications).set({ emailedAt: clock.now() }).where(inArray(notifications.id, sent)),
    );
  return sent.length;
}
