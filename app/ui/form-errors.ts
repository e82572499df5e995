import type { z } from "zod";
import type { Message } from "../i18n/keys";
import { issueMessage } from "../i18n/zod-errors";

/** A refused form's zod issues as one message (an i18n key, with the limit it names) per top-level field. */
export function errorsByField(issues: readonly z.core.$ZodIssue[]): Record<string, Message> {
  return Object.fromEntries(issues.map((issue) => [String(issue.path[0]), issueMessage(issue)]));
}
