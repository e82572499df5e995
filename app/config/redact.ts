// Paths whose last segment is a secret (the URL is the credential): logged with the secret replaced.
const SECRET_PATHS = [/^(\/calendar\/)[^/?#]+/, /^(\/invite\/)[^/?#]+/];
const SECRET_PARAMS = /([?&](?:token|secret|code|password)=)[^&#]*/gi;

/** A request URL as it may be logged: secrets in the path or query replaced by [redacted]. */
export function redactUrl(url: string): string {
  let out = url;
  for (const pattern of SECRET_PATHS) out = out.replace(pattern, "$1[redacted]");
  return out.replace(SECRET_PARAMS, "$1[redacted]");
}
