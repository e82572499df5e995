import { z } from "zod";
import { EFFECTIVE_STATUSES } from "./effective-status";

const blank = (v: unknown) => (v === "" ? undefined : v);

/** The SoA page's filters; `status` is the effective status (effective-status.ts). */
export const SoaQuery = z.object({
  framework: z.string().max(50).catch("iso27001-2022").default("iso27001-2022"),
  theme: z.preprocess(blank, z.string().max(50).optional()).catch(undefined),
  status: z.preprocess(blank, z.enum(EFFECTIVE_STATUSES).optional()).catch(undefined),
  owner: z.preprocess(blank, z.uuid().optional()).catch(undefined),
  attention: z.preprocess(blank, z.enum(["overdue", "expired"]).optional()).catch(undefined),
});
export type SoaQuery = z.infer<typeof SoaQuery>;

export const controlPath = (frameworkId: string, requirementId: string) =>
  `/controls/${encodeURIComponent(frameworkId)}/${encodeURIComponent(requirementId)}`;
