import { z } from "zod";
import { ASSET_KINDS } from "../../db/schema/inventory";

/** What a policy can be about: an inventory asset, or a register record. */
export const RESOURCE_KINDS = [...ASSET_KINDS, "tenant", "permit", "agreement"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

const Text = z.object({ en: z.string().trim().min(1), fr: z.string().trim().min(1) }).strict();
export type PolicyText = z.infer<typeof Text>;

const Expression = z.string().trim().min(1).max(4000);
const ParamValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);
export type ParamValue = z.infer<typeof ParamValue>;

const Fixture = z
  .object({
    name: z.string().trim().min(1),
    expect: z.enum(["pass", "fail", "not_applicable"]),
    /** Facts merged over the defaults of the policy's kind; the shape is the one the engine builds. */
    resource: z.record(z.string(), z.unknown()).default({}),
    site: z.record(z.string(), z.unknown()).nullable().optional(),
    tenant: z.record(z.string(), z.unknown()).nullable().optional(),
    org: z.record(z.string(), z.unknown()).optional(),
    params: z.record(z.string(), ParamValue).optional(),
    now: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type Fixture = z.infer<typeof Fixture>;

/**
 * Where a reader acts on a failing resource, as the finding page links to it (remediation.server.ts):
 * - `new_permit`: the new-permit form prefilled with the site and type. `types` is a CEL expression on the finding's
 *   evidence (it may read only what the policy's expressions read) giving the permit types to record; without it, the
 *   permit the finding is on is renewed (same site and type, as an application).
 * - `new_agreement`: the new-agreement form, drafted from an agreement `template` when one is named.
 * - `resource`: the failing resource's own page (the asset, permit, agreement or tenant); the default.
 * - `control`: the page of the control the policy cites first, where its evidence is recorded.
 */
export const RemediationAction = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("new_permit"), types: Expression.optional() }).strict(),
  z
    .object({
      kind: z.literal("new_agreement"),
      template: z
        .string()
        .regex(/^[a-z0-9-]+$/)
        .optional(),
    })
    .strict(),
  z.object({ kind: z.literal("resource") }).strict(),
  z.object({ kind: z.literal("control") }).strict(),
]);
export type RemediationAction = z.infer<typeof RemediationAction>;

export const PolicyFile = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$/,
        "must be dotted lower-case words, e.g. gdpr.residency.dataset-outside-allowed",
      ),
    title: Text,
    description: Text,
    severity: z.enum(SEVERITIES),
    references: z
      .array(z.object({ framework: z.string().min(1), requirement: z.string().min(1) }).strict())
      .min(1, "a policy names at least one framework requirement"),
    kind: z.union([z.enum(RESOURCE_KINDS), z.array(z.enum(RESOURCE_KINDS)).min(1)]),
    match: Expression.default("true"),
    assert: Expression,
    /** Shown for a failing resource; `{{ expression }}` placeholders are CEL evaluated on the same facts. */
    message: Text,
    remediation: Text,
    remediation_action: RemediationAction.optional(),
    params: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), ParamValue).default({}),
    fixtures: z.array(Fixture).min(2, "a policy ships at least one passing and one failing fixture"),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const expectations = new Set(policy.fixtures.map((f) => f.expect));
    if (!expectations.has("pass")) ctx.addIssue({ code: "custom", path: ["fixtures"], message: "needs a fixture that passes" });
    if (!expectations.has("fail")) ctx.addIssue({ code: "custom", path: ["fixtures"], message: "needs a fixture that fails" });
  });
export type PolicyFile = z.infer<typeof PolicyFile>;

export const kindsOf = (policy: Pick<PolicyFile, "kind">): ResourceKind[] => (Array.isArray(policy.kind) ? policy.kind : [policy.kind]);
