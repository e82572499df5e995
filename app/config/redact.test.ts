import { describe, expect, it } from "vitest";
import { redactUrl } from "./redact";

describe("URLs in logs", () => {
  it("never carry the secret of a calendar feed, an invitation or a token parameter", () => {
    expect(redactUrl("/calendar/Zx8s9dk2PqLm.ics")).toBe("/calendar/[redacted]");
    expect(redactUrl("/invite/abcDEF123?x=1")).toBe("/invite/[redacted]?x=1");
    expect(redactUrl("/findings?token=att_123&q=x")).toBe("/findings?token=[redacted]&q=x");
    expect(redactUrl("/inventory?page=2")).toBe("/inventory?page=2");
  });
});
