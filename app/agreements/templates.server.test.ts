import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AgreementFormSchema } from "./content";
import { draftFromTemplate, loadTemplates } from "./templates.server";

describe("agreement templates", () => {
  it("ship valid templates whose drafts, in French and English, fill every placeholder", () => {
    const templates = loadTemplates();
    expect(templates.map((t) => t.id)).toEqual(["dpa", "gpu-capacity"]);
    for (const template of templates) {
      for (const lang of ["en", "fr"] as const) {
        const draft = draftFromTemplate(template, lang);
        expect(String(draft.freeClauses)).not.toMatch(/{{/);
        expect(draft.parties).toHaveLength(template.parties.length);
      }
    }
    const dpa = draftFromTemplate(templates[0]!, "fr");
    expect(dpa.freeClauses).toContain("au plus tard 48 heures");
    expect(dpa.freeClauses).toContain("uniquement en : EEA");
  });

  it("gives a draft that becomes a valid agreement once the parties are chosen", () => {
    const draft = draftFromTemplate(loadTemplates()[1]!, "en") as Record<string, unknown> & {
      parties: { role: string; signature: string }[];
    };
    const parsed = AgreementFormSchema.safeParse({
      ...draft,
      effectiveDate: "2027-01-01",
      parties: draft.parties.map((p, i) => ({ ...p, ref: `tenant:00000000-0000-4000-8000-00000000000${i}` })),
    });
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it("refuses a template with an unknown placeholder, naming file and field", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "templates-"));
    writeFileSync(
      path.join(dir, "nda.yaml"),
      'id: nda\ntype: nda\ntitle: { en: NDA, fr: NDA }\nparties: [{ role: provider }, { role: customer }]\nclauses:\n  - { title: { en: A, fr: A }, text: { en: "{{secret_sauce}}", fr: B } }\n',
    );
    expect(() => loadTemplates(dir)).toThrow(/nda\.yaml: clauses\.0\.text\.en: unknown placeholder/);
  });
});
