import { describe, expect, it } from "vitest";
import { z } from "zod";
import { nextSort, SortParam, sortValue } from "./sort";

const Query = z.object({ sort: SortParam(["name", "expires"], { column: "expires", direction: "asc" }) });

describe("sort in the URL", () => {
  it("reads a column ascending and a dash as descending", () => {
    expect(Query.parse({ sort: "name" }).sort).toEqual({ column: "name", direction: "asc" });
    expect(Query.parse({ sort: "-name" }).sort).toEqual({ column: "name", direction: "desc" });
  });

  it("falls back to the stable default on a missing or unknown column", () => {
    expect(Query.parse({}).sort).toEqual({ column: "expires", direction: "asc" });
    expect(Query.parse({ sort: "-password" }).sort).toEqual({ column: "expires", direction: "asc" });
  });

  it("writes the order back and flips the active column", () => {
    expect(sortValue({ column: "name", direction: "desc" })).toBe("-name");
    expect(nextSort({ column: "name", direction: "asc" }, "name")).toEqual({ column: "name", direction: "desc" });
    expect(nextSort({ column: "name", direction: "desc" }, "expires")).toEqual({ column: "expires", direction: "asc" });
    expect(nextSort({ column: "name", direction: "asc" }, "expires", "desc")).toEqual({ column: "expires", direction: "desc" });
  });
});
