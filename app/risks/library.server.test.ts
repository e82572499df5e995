import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findRequirement } from "../controls/catalogue.server";
import { LIBRARY_FRAMEWORK, loadRiskLibrary, RISK_LIBRARY_DIR } from "./library.server";

const copies: string[] = [];
function libraryWith(file: string, edit: (text: string) => string) {
  const dir = mkdtempSync(path.join(tmpdir(), "risk-library-"));
  copies.push(dir);
  cpSync(RISK_LIBRARY_DIR, dir, { recursive: true });
  writeFileSync(path.join(dir, file), edit(readFileSync(path.join(dir, file), "utf8")));
  return dir;
}
afterEach(() => copies.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("the data-centre risk library", () => {
  it("ships the risks an operator starts from, each in both languages with controls of the catalogue", () => {
    const library = loadRiskLibrary();
    expect(library.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        "dc.power-loss",
        "dc.cooling-failure",
        "dc.fuel-supply",
        "dc.flood-heat",
        "dc.physical-access",
        "dc.gpu-supply-firmware",
        "dc.tenant-insider",
        "dc.extra-european-law",
        "dc.grid-connection-delay",
        "dc.permit-non-renewal",
        "dc.unlawful-transfer",
      ]),
    );
    for (const risk of library) {
      expect(risk.title.fr, risk.id).not.toBe(risk.title.en);
      for (const control of risk.controls) expect(findRequirement(LIBRARY_FRAMEWORK, control), `${risk.id} ${control}`).not.toBeNull();
    }
    // A residency breach is evidence of an unlawful transfer.
    expect(library.find((r) => r.id === "dc.unlawful-transfer")!.raised_by).toContain("gdpr.residency.dataset-outside-allowed");
  });

  it("refuses a file naming an unknown control, an unknown policy, a level off the scale or a missing translation", () => {
    const refused = (edit: (text: string) => string) => () => loadRiskLibrary(libraryWith("power-loss.yaml", edit));
    expect(refused((t) => t.replace('"A.7.11"', '"A.9.99"'))).toThrow("power-loss.yaml: controls: unknown iso27001-2022 control A.9.99");
    expect(refused((t) => t.replace("iso27001.a7-11.gpu-rack-power-redundancy", "no.such.policy"))).toThrow(
      "power-loss.yaml: raised_by: unknown policy no.such.policy",
    );
    expect(refused((t) => t.replace("impact: 5", "impact: 6"))).toThrow("power-loss.yaml: impact:");
    expect(refused((t) => t.replace(/\n {2}fr: "Perte[^\n]*/, ""))).toThrow("power-loss.yaml: title.fr:");
    expect(refused((t) => t.replace("scope: [site, power_feed]", "scope: [spaceship]"))).toThrow("power-loss.yaml: scope.0:");
  });

  it("refuses two files with the same id", () => {
    const dir = libraryWith("fuel-supply.yaml", (t) => t.replace("id: dc.fuel-supply", "id: dc.power-loss"));
    expect(() => loadRiskLibrary(dir)).toThrow("duplicate library risk dc.power-loss");
  });
});
