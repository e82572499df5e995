import { z } from "zod";
import { ROLES } from "../../db/schema/identity";

const required = { error: "validation.required" } as const;

const RoleField = z.enum(ROLES, { error: "validation.role" });

/** A tenant is chosen exactly when the role is tenant_member. */
function tenantMatchesRole<T extends { role: string; tenantId?: string | undefined }>(value: T, ctx: z.RefinementCtx) {
  if (value.role === "tenant_member" && !value.tenantId) {
    ctx.addIssue({ code: "custom", path: ["tenantId"], message: "validation.tenantRequired" });
  }
}

export const MembershipFormSchema = z
  .object({
    name: z.string(required).trim().min(1, required).max(200, { error: "validation.tooLong" }),
    role: RoleField,
    tenantId: z.uuid({ error: "validation.tenantRequired" }).optional(),
  })
  .superRefine(tenantMatchesRole);
export type MembershipInput = z.infer<typeof MembershipFormSchema>;

export const InvitationFormSchema = z
  .object({
    email: z.email({ error: "validation.email" }).max(254, { error: "validation.tooLong" }),
    role: RoleField,
    tenantId: z.uuid({ error: "validation.tenantRequired" }).optional(),
  })
  .superRefine(tenantMatchesRole);
export type InvitationInput = z.infer<typeof InvitationFormSchema>;
