import { z } from "zod";
import { EFFECTIVE_STATUSES } from "./effective-status";
import { SoaSortParam } from "./soa-sort";

const blank = (v: unknown) => (v === "" ? undefined : v);

/** The SoA page's filters; `status` is the effective status (effective-status.ts). */
export const SoaQuery = z.object({
  framework: z.string().max(50).catch("iso27001-2022").default("iso27001-2022"),
  theme: z.preprocess(blank, z.string().max(50).optional()).catch(undefined),
  status: z.preprocess(blank, z.enum(EFFECTIVE_STATUSES).optional()).catch(undefined),
  owner: z.preprocess(blank, z.uuid().optional()).catch(undefined),
  attention: z.preprocess(blank, z.enum(["overdue", "expired"]).optional()).catch(undefined),
  /** A requirement's number or words of its title, in either language. */
  q: z.preprocess(blank, z.string().trim().max(200).optional()).catch(undefined),
  sort: SoaSortParam,
});
export type SoaQuery = z.infer<typeof SoaQuery>;

export const controlPath = (frameworkId: string, requirementId: string) =>
  `/controls/${encodeURIComponent(frameworkId)}/${encodeURIComponent(requirementId)}`;
