import { z } from "zod";
import { CONTROL_STATUSES } from "../../db/schema/controls";

const blank = (v: unknown) => (v === "" ? undefined : v);

export const SoaQuery = z.object({
  framework: z.string().max(50).catch("iso27001-2022").default("iso27001-2022"),
  theme: z.preprocess(blank, z.string().max(50).optional()).catch(undefined),
  status: z.preprocess(blank, z.enum([...CONTROL_STATUSES, "evidence_expired"]).optional()).catch(undefined),
  owner: z.preprocess(blank, z.uuid().optional()).catch(undefined),
  attention: z.preprocess(blank, z.enum(["overdue", "expired"]).optional()).catch(undefined),
});
export type SoaQuery = z.infer<typeof SoaQuery>;

export const controlPath = (frameworkId: string, requirementId: string) =>
  `/controls/${encodeURIComponent(frameworkId)}/${encodeURIComponent(requirementId)}`;
