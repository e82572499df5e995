import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { parseConfig, trustProxySetting } from "../../app/config/config.server";

/** What express takes for the client's address, behind the configuration's `trust proxy`, for a request from loopback. */
async function clientAddressSeen(env: Record<string, string>, forwardedFor: string | null) {
  const app = express();
  app.set("trust proxy", trustProxySetting(parseConfig(env).trustedProxies));
  app.get("/", (req, res) => {
    res.send(req.ip ?? "");
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const headers: Record<string, string> = forwardedFor ? { "X-Forwarded-For": forwardedFor } : {};
    return await (await fetch(`http://127.0.0.1:${port}/`, { headers })).text();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("X-Forwarded-For is trusted only from named proxies", () => {
  it("by default, a changed X-Forwarded-For does not change the client's address (not even from loopback)", async () => {
    expect(parseConfig({}).trustedProxies).toEqual([]);
    expect(trustProxySetting([])).toBe(false);
    expect(await clientAddressSeen({}, null)).toBe("127.0.0.1");
    expect(await clientAddressSeen({}, "203.0.113.7")).toBe("127.0.0.1");
    expect(await clientAddressSeen({}, "198.51.100.1, 203.0.113.8")).toBe("127.0.0.1");
  });

  it("a proxy named in ATTEST_TRUSTED_PROXIES is believed, and only it", async () => {
    expect(await clientAddressSeen({ ATTEST_TRUSTED_PROXIES: "127.0.0.1" }, "203.0.113.7")).toBe("203.0.113.7");
    expect(await clientAddressSeen({ ATTEST_TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.0/8" }, "203.0.113.9")).toBe("203.0.113.9");
    // A proxy that is not the one the request came through: the socket's address stays the client's.
    expect(await clientAddressSeen({ ATTEST_TRUSTED_PROXIES: "10.0.0.5" }, "203.0.113.7")).toBe("127.0.0.1");
    // Only the named hop is believed: an address the client wrote before it is not.
    expect(await clientAddressSeen({ ATTEST_TRUSTED_PROXIES: "127.0.0.1" }, "198.51.100.1, 203.0.113.8")).toBe("203.0.113.8");
  });

  it("refuses a list that names something other than addresses and ranges", () => {
    expect(() => parseConfig({ ATTEST_TRUSTED_PROXIES: "proxy.example" })).toThrow(/ATTEST_TRUSTED_PROXIES/);
    expect(() => parseConfig({ ATTEST_TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/ATTEST_TRUSTED_PROXIES/);
    expect(() => parseConfig({ ATTEST_TRUSTED_PROXIES: "*" })).toThrow(/ATTEST_TRUSTED_PROXIES/);
    expect(parseConfig({ ATTEST_TRUSTED_PROXIES: "loopback, ::1, fd00::/8" }).trustedProxies).toEqual(["loopback", "::1", "fd00::/8"]);
  });
});
