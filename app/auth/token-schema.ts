import { z } from "zod";
import { API_SCOPES } from "../../db/schema/inventory";

export const TokenFormSchema = z.object({
  name: z
    .string({ error: "validation.required" })
    .trim()
    .min(1, { error: "validation.required" })
    .max(100, { error: "validation.tooLong" }),
  scopes: z.array(z.enum(API_SCOPES), { error: "tokens.scopesRequired" }).min(1, { error: "tokens.scopesRequired" }),
});
export { API_SCOPES };
