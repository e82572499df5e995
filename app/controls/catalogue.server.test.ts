import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalogue, localText, originalText } from "./catalogue.server";

describe("framework catalogue", () => {
  it("ships ISO 27001:2022 Annex A complete: 93 controls in 4 themes", () => {
    const iso = loadCatalogue().frameworks.find((f) => f.id === "iso27001-2022")!;
    expect(iso.requirements).toHaveLength(93);
    const byTheme: Record<string, number> = {};
    for (const r of iso.requirements) byTheme[r.theme] = (byTheme[r.theme] ?? 0) + 1;
    expect(byTheme).toEqual({
      organizational: 37,
      people: 8,
      physical: 14,
      technological: 34,
    });
  });

  it("titles every ISO 27001 control and theme in French too", () => {
    const iso = loadCatalogue().frameworks.find((f) => f.id === "iso27001-2022")!;
    const untranslated = [
      ...iso.themes.map((t) => ({ id: t.id, text: t.name })),
      ...iso.requirements.map((r) => ({ id: r.id, text: r.title })),
    ]
      .filter(({ text }) => !text.fr || text.fr === text.en)
      .map(({ id }) => id);
    expect(untranslated).toEqual([]);
    expect(iso.requirements.find((r) => r.id === "A.5.23")!.title.fr).toBe(
      "Sécurité de l’information dans l’utilisation de services en nuage",
    );
  });

  it("names every framework and titles every theme and requirement of every framework in English and French", () => {
    const missing: string[] = [];
    const straightApostrophes: string[] = [];
    for (const f of loadCatalogue().frameworks) {
      const texts = [
        { where: `${f.id} name`, text: f.name },
        ...f.themes.map((t) => ({ where: `${f.id} theme ${t.id}`, text: t.name })),
        ...f.requirements.map((r) => ({ where: `${f.id} ${r.id}`, text: r.title })),
      ];
      for (const { where, text } of texts) {
        if (!text.en.trim()) missing.push(`${where}: en`);
        if (!text.fr?.trim()) missing.push(`${where}: fr`);
        // French typography: ’, never the typewriter apostrophe.
        if (text.fr?.includes("'")) straightApostrophes.push(`${where}: ${text.fr}`);
      }
    }
    expect({ missing, straightApostrophes }).toEqual({ missing: [], straightApostrophes: [] });
  });

  it("gives the official titles: the GDPR's in both languages, SecNumCloud's in ANSSI's French", () => {
    const { frameworks } = loadCatalogue();
    const gdpr = frameworks.find((f) => f.id === "gdpr")!;
    expect(localText(gdpr.name, "fr")).toBe("RGPD (règlement (UE) 2016/679)");
    expect(gdpr.requirements.find((r) => r.id === "Art. 45")!.title).toEqual({
      en: "Transfers on the basis of an adequacy decision",
      fr: "Transferts fondés sur une décision d’adéquation",
    });
    const snc = frameworks.find((f) => f.id === "secnumcloud-3.2")!;
    expect(snc.source_language).toBe("fr");
    expect(snc.requirements.map((r) => r.title.fr)).toEqual([
      "Convention de service",
      "Localisation des données",
      "Régionalisation",
      "Fin de contrat",
      "Protection des données à caractère personnel",
      "Protection vis-à-vis du droit extra-européen",
    ]);
  });

  it("shows an English reader SecNumCloud's French original, and nobody the original of an act authentic in both", () => {
    const { frameworks } = loadCatalogue();
    const snc = frameworks.find((f) => f.id === "secnumcloud-3.2")!;
    const title = snc.requirements.find((r) => r.id === "19.6")!.title;
    expect(originalText(snc, title, "en")).toBe("Protection vis-à-vis du droit extra-européen");
    expect(originalText(snc, title, "fr")).toBeNull();
    const gdpr = frameworks.find((f) => f.id === "gdpr")!;
    expect(originalText(gdpr, gdpr.requirements[0]!.title, "en")).toBeNull();
  });

  it("ships the GDPR articles and SecNumCloud §19, and links requirements both ways", () => {
    const { frameworks, links } = loadCatalogue();
    expect(frameworks.map((f) => f.id).sort()).toEqual(["eu-eed", "gdpr", "iso27001-2022", "secnumcloud-3.2"]);
    expect(frameworks.find((f) => f.id === "gdpr")!.requirements.map((r) => r.id)).toEqual([
      "Art. 5",
      "Art. 9",
      "Art. 28",
      "Art. 32",
      "Art. 44",
      "Art. 45",
      "Art. 46",
      "Art. 47",
      "Art. 48",
      "Art. 49",
    ]);
    expect(frameworks.find((f) => f.id === "secnumcloud-3.2")!.requirements.map((r) => r.id)).toEqual([
      "19.1",
      "19.2",
      "19.3",
      "19.4",
      "19.5",
      "19.6",
    ]);
    expect(links.get("gdpr:Art. 48")).toContain("secnumcloud-3.2:19.6");
    expect(links.get("gdpr:Art. 32")).toContain("iso27001-2022:A.8.24");
    expect(links.get("iso27001-2022:A.8.24")).toContain("gdpr:Art. 32");
  });

  it("refuses a framework file with a duplicate id or an unknown theme, naming file and field", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "frameworks-"));
    writeFileSync(path.join(dir, "mappings.yaml"), "links: []\n");
    writeFileSync(
      path.join(dir, "nis2.yaml"),
      'id: nis2\nname: { en: NIS2 }\nversion: "2022"\nthemes: [{ id: risk, name: { en: Risk } }]\nrequirements:\n  - { id: "21", theme: risk, title: { en: A } }\n  - { id: "21", theme: nope, title: { en: B } }\n',
    );
    expect(() => loadCatalogue(dir)).toThrow(/nis2\.yaml: requirements\.1\.id: duplicate requirement 21/);
  });
});
