import { apiError } from "./api.server";

/** Reads a JSON body of at most `maxBytes`, answering 413 past it and 400 for anything that is not JSON. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const tooLarge = { key: "api.errors.payloadTooLarge", values: { max: maxBytes } } as const;
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) throw apiError(request, 413, "payload_too_large", tooLarge);
  if (!request.headers.get("Content-Type")?.includes("application/json")) {
    throw apiError(request, 415, "unsupported_media_type", "api.errors.jsonOnly");
  }
  const reader = request.body?.getReader();
  if (!reader) throw apiError(request, 400, "invalid_json", "api.errors.emptyBody");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw apiError(request, 413, "payload_too_large", tooLarge);
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw apiError(request, 400, "invalid_json", "api.errors.invalidJson");
  }
}
