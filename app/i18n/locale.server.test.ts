import { describe, expect, it } from "vitest";
import { detectLocale, localeCookie, negotiateLocale } from "./locale.server";

describe("negotiateLocale", () => {
  it("picks the highest-ranked supported language", () => {
    expect(negotiateLocale("fr-FR,fr;q=0.9,en;q=0.8")).toBe("fr");
    expect(negotiateLocale("de-DE,de;q=0.9,en;q=0.5,fr;q=0.4")).toBe("en");
    expect(negotiateLocale("de;q=0.9,fr;q=0.95")).toBe("fr");
  });

  it("falls back to English for missing, unsupported or malformed headers", () => {
    expect(negotiateLocale(null)).toBe("en");
    expect(negotiateLocale("de,es")).toBe("en");
    expect(negotiateLocale("fr;q=0")).toBe("en");
    expect(negotiateLocale(";;;")).toBe("en");
  });
});

describe("detectLocale", () => {
  it("prefers the remembered choice over the browser's header", async () => {
    const cookie = await localeCookie.serialize("en");
    const request = new Request("http://x/", {
      headers: { Cookie: cookie, "Accept-Language": "fr" },
    });
    expect(await detectLocale(request)).toBe("en");
  });

  it("ignores a cookie holding an unsupported value", async () => {
    const cookie = await localeCookie.serialize("de");
    const request = new Request("http://x/", {
      headers: { Cookie: cookie, "Accept-Language": "fr" },
    });
    expect(await detectLocale(request)).toBe("fr");
  });
});
