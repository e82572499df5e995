import nodemailer from "nodemailer";
import type { Logger } from "pino";

export type Mail = { to: string; subject: string; text: string };
export type Mailer = { send(mail: Mail): Promise<void> };

/**
 * SMTP when SMTP_URL is set (smtp://user:pass@host:587); otherwise the console transport: the message goes to the
 * JSON log, so that nothing is lost on an installation without a mail server.
 */
export function createMailer(options: { smtpUrl: string | undefined; from: string; log: Logger }): Mailer {
  if (!options.smtpUrl) {
    return {
      async send(mail) {
        options.log.info({ event: "mail_console", to: mail.to, subject: mail.subject, text: mail.text }, "e-mail (console transport)");
      },
    };
  }
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from: options.from, ...mail });
    },
  };
}
