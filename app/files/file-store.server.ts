import { attachmentHeader } from "./content-disposition";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { evidenceFiles } from "../../db/schema";

/** Stores a file once per organisation and SHA-256 (uploading the same bytes twice keeps one copy). */
export async function storeFile(tx: Tx, params: { organizationId: string; bytes: Buffer; contentType: string }): Promise<string> {
  const sha256 = createHash("sha256").update(params.bytes).digest("hex");
  await tx
    .insert(evidenceFiles)
    .values({
      organizationId: params.organizationId,
      sha256,
      size: params.bytes.length,
      contentType: params.contentType,
      content: params.bytes,
    })
    .onConflictDoNothing();
  return sha256;
}

export async function readFile(tx: Tx, params: { organizationId: string; sha256: string }) {
  const [file] = await tx
    .select()
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.organizationId, params.organizationId), eq(evidenceFiles.sha256, params.sha256)));
  return file ?? null;
}

/**
 * Stores an uploaded file and answers the columns every document table keeps about it (name, hash, size, type,
 * author).
 */
export async function storeUpload(
  tx: Tx,
  params: { organizationId: string; upload: { bytes: Buffer; fileName: string; contentType: string }; authorLabel: string },
) {
  const sha256 = await storeFile(tx, {
    organizationId: params.organizationId,
    bytes: params.upload.bytes,
    contentType: params.upload.contentType,
  });
  return {
    fileName: params.upload.fileName,
    sha256,
    size: params.upload.bytes.length,
    contentType: params.upload.contentType,
    authorLabel: params.authorLabel,
  };
}

/** A document row with its stored bytes, or null when either is missing. */
export async function withFile<D extends { sha256: string }>(tx: Tx, organizationId: string, document: D | undefined) {
  if (!document) return null;
  const file = await readFile(tx, { organizationId, sha256: document.sha256 });
  return file ? { document, file } : null;
}

/** A download that is never rendered in the app's origin. */
export function fileResponse(file: { content: Buffer; contentType: string; size: number; sha256: string }, fileName: string): Response {
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.size),
      "Content-Disposition": attachmentHeader(fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      ETag: `"${file.sha256}"`,
    },
  });
}
