import { apiError } from "./api.server";

/** Reads a JSON body of at most `maxBytes`, answering 413 past it and 400 for anything that is not JSON. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) throw apiError(413, "payload_too_large", `The body may not exceed ${maxBytes} bytes`);
  if (!request.headers.get("Content-Type")?.includes("application/json")) {
    throw apiError(415, "unsupported_media_type", "Send the body as application/json");
  }
  const reader = request.body?.getReader();
  if (!reader) throw apiError(400, "invalid_json", "The body is empty");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw apiError(413, "payload_too_large", `The body may not exceed ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw apiError(400, "invalid_json", "The body is not valid JSON");
  }
}
