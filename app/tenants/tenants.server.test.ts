import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { auditLog, memberships, tenants } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createMember, createOrganization, systemActor } from "../../tests/factories";
import type { TenantInput } from "./tenant-schema";
import { TenantFormSchema } from "./tenant-schema";
import { createTenant, deleteTenant, listTenants, updateTenant } from "./tenants.server";

let database: TestDatabase;
let orgId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
});
afterAll(() => database?.destroy());

const input = (overrides: Partial<TenantInput> = {}): TenantInput => ({
  legalName: "Lumen AI Research SAS",
  slug: "lumen-ai",
  country: "FR",
  registrationNumber: "RCS Paris 912 345 678",
  contacts: [{ name: "Alex Nguyen", email: "Alex@Lumen.example", role: "Infra" }],
  ...overrides,
});

const inOrg = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: orgId }, work);

const auditOf = (entityId: string) => database.db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.seq);

describe("tenant form schema", () => {
  it("names each invalid field with an i18n key", () => {
    const result = TenantFormSchema.safeParse({ legalName: "A", slug: "Not A Slug", country: "XX", registrationNumber: "", contacts: [] });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byField).toMatchObject({
      legalName: "validation.tooShort",
      slug: "validation.slug",
      country: "validation.country",
      registrationNumber: "validation.required",
      contacts: "validation.contactsRequired",
    });
  });
});

describe("tenants", () => {
  it("creates a tenant and records it in the audit log in the same transaction", async () => {
    const outcome = await inOrg((tx) => createTenant(tx, { organizationId: orgId, actor: systemActor, input: input() }));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.contacts[0]?.email).toBe("alex@lumen.example");
    const entries = await auditOf(outcome.value.id);
    expect(entries.map((e) => e.action)).toEqual(["tenant.create"]);
    expect(entries[0]?.after).toMatchObject({ legalName: "Lumen AI Research SAS", slug: "lumen-ai" });
  });

  it("refuses a duplicate identifier or legal name, naming the field, and writes nothing", async () => {
    const before = await database.db.select().from(tenants);
    const outcome = await inOrg((tx) =>
      createTenant(tx, { organizationId: orgId, actor: systemActor, input: input({ legalName: "Other name" }) }),
    );
    expect(outcome).toEqual({ ok: false, fieldErrors: { slug: ["validation.slugTaken"] } });
    expect(await database.db.select().from(tenants)).toHaveLength(before.length);
  });

  it("updates with before and after in the audit log", async () => {
    const created = await inOrg((tx) =>
      createTenant(tx, {
        organizationId: orgId,
        actor: systemActor,
        input: input({ slug: "kairos", legalName: "Kairos GmbH", country: "DE" }),
      }),
    );
    if (!created.ok) throw new Error("not created");
    const updated = await inOrg((tx) =>
      updateTenant(tx, {
        organizationId: orgId,
        actor: systemActor,
        tenantId: created.value.id,
        input: input({ slug: "kairos", legalName: "Kairos GPU Cloud GmbH", country: "DE" }),
      }),
    );
    expect(updated?.ok).toBe(true);
    const [, entry] = await auditOf(created.value.id);
    expect(entry?.action).toBe("tenant.update");
    expect(entry?.before).toMatchObject({ legalName: "Kairos GmbH" });
    expect(entry?.after).toMatchObject({ legalName: "Kairos GPU Cloud GmbH" });
  });

  it("refuses to delete a tenant that still has members, and deletes it once they are gone", async () => {
    const created = await inOrg((tx) =>
      createTenant(tx, { organizationId: orgId, actor: systemActor, input: input({ slug: "genovia", legalName: "Genovia SA" }) }),
    );
    if (!created.ok) throw new Error("not created");
    const member = await createMember(database.db, orgId, "tenant_member", { tenantId: created.value.id });
    const refused = await inOrg((tx) => deleteTenant(tx, { organizationId: orgId, actor: systemActor, tenantId: created.value.id }));
    expect(refused).toEqual({ ok: false, formError: "tenants.delete.hasMembers" });
    await inOrg((tx) => tx.update(memberships).set({ role: "auditor", tenantId: null }).where(eq(memberships.id, member.membership.id)));
    const deleted = await inOrg((tx) => deleteTenant(tx, { organizationId: orgId, actor: systemActor, tenantId: created.value.id }));
    expect(deleted?.ok).toBe(true);
    const entries = await auditOf(created.value.id);
    expect(entries.at(-1)).toMatchObject({ action: "tenant.delete", after: null });
    expect(entries.at(-1)?.before).toMatchObject({ legalName: "Genovia SA" });
  });

  it("lists with search and pagination", async () => {
    const all = await inOrg((tx) => listTenants(tx, { organizationId: orgId, page: 1, pageSize: 1 }));
    expect(all.total).toBe(2);
    expect(all.tenants).toHaveLength(1);
    const found = await inOrg((tx) => listTenants(tx, { organizationId: orgId, q: "kairos", page: 1, pageSize: 10 }));
    expect(found.tenants.map((t) => t.slug)).toEqual(["kairos"]);
    const wildcard = await inOrg((tx) => listTenants(tx, { organizationId: orgId, q: "%", page: 1, pageSize: 10 }));
    expect(wildcard.total).toBe(0);
  });
});
