import { attachmentHeader } from "../files/content-disposition";
/** A stored document as a download, with its SHA-256 so a client can check what it received. */
export function pdfResponse(content: Uint8Array, fileName: string, sha256: string, contentType = "application/pdf"): Response {
  return new Response(Buffer.from(content), {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": attachmentHeader(fileName),
      "Content-Length": String(content.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-SHA256": sha256,
    },
  });
}
