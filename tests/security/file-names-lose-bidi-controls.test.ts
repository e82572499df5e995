import { describe, expect, it } from "vitest";
import { attachmentHeader } from "../../app/files/content-disposition";
import { cleanFileName, FILE_NAME_MAX } from "../../app/files/file-name";
import { readUpload } from "../../app/files/upload.server";

const PDF = "%PDF-1.4\n%%EOF\n";
const BIDI = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"];
const CONTROLS = ["\u0000", "\u0007", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u009b", "\u2028", "\u2029", "\ufeff"];

async function uploadedName(name: string) {
  const form = new FormData();
  form.set("file", new File([PDF], name, { type: "application/pdf" }));
  const read = await readUpload(form, "file");
  if (!("upload" in read)) throw new Error(read.error);
  return read.upload.fileName;
}

describe("file names lose bidirectional and control characters", () => {
  it("an uploaded name keeps no right-to-left override, so it reads as what it is", async () => {
    expect(await uploadedName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(await uploadedName("\u2067report\u2069\u200f.pdf")).toBe("report.pdf");
  });

  it("drops every bidirectional control and control character, and nothing else", async () => {
    for (const c of [...BIDI, ...CONTROLS]) {
      expect(cleanFileName(`a${c}b.pdf`), `U+${c.codePointAt(0)!.toString(16).padStart(4, "0")}`).toBe("ab.pdf");
      expect(await uploadedName(`x${c}y.pdf`)).toBe("xy.pdf");
    }
    expect(cleanFileName("Procès-verbal « été » 2026 — v2 (signé).pdf")).toBe("Procès-verbal « été » 2026 — v2 (signé).pdf");
    expect(cleanFileName("عقد الإيجار.pdf")).toBe("عقد الإيجار.pdf");
    expect(cleanFileName("\u202e\u202e")).toBe("file");
    expect(Array.from(cleanFileName("é".repeat(500)))).toHaveLength(FILE_NAME_MAX);
  });

  it("a name stored before the fix is served without them", () => {
    const header = attachmentHeader("invoice\u202Efdp.exe");
    expect(header).toBe(`attachment; filename="invoicefdp.exe"; filename*=UTF-8''invoicefdp.exe`);
    expect(header).not.toMatch(/%E2%80%AE/i);
    expect(attachmentHeader("\u202e")).toContain('filename="download"');
  });
});
