import { describe, expect, it } from "vitest";
import { diffContent, isClear, mergePatch, shownValue, type AssetContent } from "./patch";

const stored: AssetContent = {
  name: "R01",
  parent: "par2-h1",
  tenant: "lumen-ai",
  country: null,
  region: "IDF",
  owner: "Platform team",
  tags: ["gpu", "prod"],
  attributes: { power_budget_kw: 80, redundancy: "2N", cage: "C1" },
};

describe("mergePatch", () => {
  it("keeps every stored field the patch leaves out, attributes it does not know included", () => {
    const merged = mergePatch({ item: { kind: "rack", external_id: "r01", attributes: { power_budget_kw: 100 } }, clear: [] }, stored);
    expect(merged).toEqual({
      kind: "rack",
      external_id: "r01",
      name: "R01",
      parent: "par2-h1",
      tenant: "lumen-ai",
      region: "IDF",
      owner: "Platform team",
      tags: ["gpu", "prod"],
      attributes: { power_budget_kw: 100, redundancy: "2N", cage: "C1" },
    });
  });

  it("erases what the patch clears, and only that", () => {
    const merged = mergePatch(
      { item: { kind: "rack", external_id: "r01", attributes: {} }, clear: ["owner", "tags", "tenant", "attributes.redundancy"] },
      stored,
    );
    expect(merged).toEqual({
      kind: "rack",
      external_id: "r01",
      name: "R01",
      parent: "par2-h1",
      region: "IDF",
      attributes: { power_budget_kw: 80, cage: "C1" },
    });
  });

  it("gives a new asset only what the patch says; a clear means no value", () => {
    const merged = mergePatch({ item: { kind: "rack", external_id: "r02", name: "R02", attributes: {} }, clear: ["owner"] }, undefined);
    expect(merged).toEqual({ kind: "rack", external_id: "r02", name: "R02", attributes: {} });
  });

  it("lets a cloud resource's derived country and region follow a new region id, and keeps ones that were given", () => {
    const cloud: AssetContent = {
      ...stored,
      country: "FR",
      region: "eu-west-3",
      attributes: { provider: "aws", region_id: "eu-west-3" },
    };
    const moved = mergePatch(
      { item: { kind: "cloud_resource", external_id: "b", attributes: { region_id: "eu-central-1" } }, clear: [] },
      cloud,
    );
    expect(moved).not.toHaveProperty("country");
    expect(moved).not.toHaveProperty("region");
    const given = mergePatch(
      { item: { kind: "cloud_resource", external_id: "b", attributes: {} }, clear: [] },
      { ...cloud, country: "DE", region: "Frankfurt" },
    );
    expect(given).toMatchObject({ country: "DE", region: "Frankfurt" });
  });
});

describe("diffContent", () => {
  it("lists only the fields that change, as a CSV shows them, base fields first and attributes by name", () => {
    const after: AssetContent = {
      ...stored,
      owner: null,
      tags: ["gpu"],
      attributes: { power_budget_kw: 100, redundancy: "2N", cage: "C1", location: { cloud_region: "aws:eu-west-3" } },
    };
    const changes = diffContent(stored, after);
    expect(changes).toEqual([
      { field: "owner", before: "Platform team", after: null },
      { field: "tags", before: "gpu; prod", after: "gpu" },
      { field: "attributes.location", before: null, after: '{"cloud_region":"aws:eu-west-3"}' },
      { field: "attributes.power_budget_kw", before: "80", after: "100" },
    ]);
    expect(changes.filter(isClear).map((c) => c.field)).toEqual(["owner"]);
  });

  it("sees no change between an empty list and no value, nor between equal structures in another key order", () => {
    const before = { ...stored, tags: [], attributes: { coordinates: { lat: 1, lon: 2 } } };
    expect(diffContent(before, { ...before, attributes: { coordinates: { lon: 2, lat: 1 } } })).toEqual([]);
    expect(shownValue([])).toBeNull();
    expect(shownValue(false)).toBe("false");
  });
});
