import { getConfig } from "../config/config.server";
import { configuredKeyEncryptionKey } from "./signing-keys.server";

/** Where verification links point and the key that unwraps signing keys, for a request. */
export function issuer(request: Request) {
  return { kek: configuredKeyEncryptionKey(), publicUrl: getConfig().publicUrl ?? new URL(request.url).origin };
}
