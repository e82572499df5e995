import { describe, expect, it } from "vitest";
import { attachmentHeader } from "./content-disposition";

describe("download names", () => {
  it("keep only the file's own name, with an ASCII fallback and the exact UTF-8 name", () => {
    expect(attachmentHeader("../../../../etc/passwd.pdf")).toBe(`attachment; filename="passwd.pdf"; filename*=UTF-8''passwd.pdf`);
    expect(attachmentHeader("C:\\temp\\a.pdf")).toContain('filename="a.pdf"');
    expect(attachmentHeader('Procès-verbal "été".pdf')).toBe(
      `attachment; filename="Proces-verbal_ete_.pdf"; filename*=UTF-8''Proc%C3%A8s-verbal%20%22%C3%A9t%C3%A9%22.pdf`,
    );
    expect(attachmentHeader("x\r\nSet-Cookie: a=b")).not.toMatch(/[\r\n]/);
  });
});
