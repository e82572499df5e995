import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { organizations } from "../../db/schema";
import { seedDemo } from "../../db/seed/demo.server";
import { clockFrom } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import * as clock from "../config/clock";
import { loadFacts } from "../policy-engine/load-facts.server";
import { evidenceFieldName, evidenceText } from "./evidence-text.server";

/**
 * The fields of the records a fact holds (a tenant's agreements, a dataset's holders, a site's power), found by
 * walking the facts of the whole demo. An attribute's keys are the organisation's own words and stay as they are.
 */
function recordFields(value: unknown, holder: string, found: Set<string>, depth = 0): void {
  if (Array.isArray(value)) return value.forEach((item) => recordFields(item, holder, found, depth));
  if (typeof value !== "object" || value === null || value instanceof Date || holder === "attributes") return;
  for (const [key, inner] of Object.entries(value)) {
    if (depth > 0 && key !== "id") found.add(`${holder}.${key}`);
    recordFields(inner, key, found, depth + 1);
  }
}

describe("evidence in the reader's words", () => {
  clockFrom();
  let database: TestDatabase;
  const fields = new Set<string>();
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db);
    const [helios] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
    const facts = await withScope(database.db, { organizationId: helios!.id }, (tx) =>
      loadFacts(tx, helios!.id, { full: true }, clock.now()),
    );
    for (const root of [...facts.resources, ...facts.sites.values(), ...facts.tenants.values(), facts.org]) recordFields(root, "", fields);
  });
  afterAll(() => database?.destroy());

  it("names every field of a record that evidence can list, in French and in English", () => {
    expect(fields.size).toBeGreaterThan(20);
    const unnamed = [...fields].filter((field) => {
      const [holder, key] = field.split(".") as [string, string];
      return evidenceFieldName(key, "fr", holder) === key || evidenceFieldName(key, "en", holder) === key;
    });
    expect(unnamed).toEqual([]);
  });

  it("writes a tenant's agreements with their fields named", () => {
    const evidence = { "org.agreements": [{ id: "a1", title: "MSA", type: "msa", counterparty_names: [] }] };
    const text = evidenceText(evidence, "fr", "tenant");
    expect(text).toContain("Titre: MSA");
    expect(text).toContain("Cocontractants: —");
    expect(text).not.toContain("counterparty_names");
  });

  it("names a permit condition's text and an obligation's text each in its own words", () => {
    expect(evidenceFieldName("text", "en", "conditions")).toBe("Other conditions");
    expect(evidenceFieldName("text", "en", "overdue_obligations")).toBe("Obligation");
  });

  it("writes a holder whose headquarters no one knows in words", () => {
    const evidence = { "resource.holders": [{ name: "Acme Cloud", headquarters: "unknown" }] };
    expect(evidenceText(evidence, "fr", "dataset")).toBe("resource.holders = (Nom: Acme Cloud, Siège: Inconnu)");
  });
});
