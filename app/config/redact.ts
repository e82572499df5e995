// Paths whose last segment is a secret (the URL is the credential): logged with the secret replaced.
const SECRET_PATHS = [/^(\/calendar\/)[^/?#]+/, /^(\/invite\/)[^/?#]+/];
const SECRET_PARAMS = /([?&](?:token|secret|code|password)=)[^&#\s"']*/gi;
// The same secrets anywhere in a text (a full URL in an error message, a link in an e-mail body).
const SECRET_SEGMENTS = /(\/(?:calendar|invite)\/)(?!\[redacted\])[^/?#\s"'<>]+/g;
// API token secrets (att_…), wherever they appear.
const API_TOKENS = /\batt_[A-Za-z0-9_-]{16,}/g;

/** A request URL as it may be logged: secrets in the path or query replaced by [redacted]. */
export function redactUrl(url: string): string {
  let out = url;
  for (const pattern of SECRET_PATHS) out = out.replace(pattern, "$1[redacted]");
  return out.replace(SECRET_PARAMS, "$1[redacted]");
}

/** Any text as it may be logged: calendar and invitation secrets, token parameters and API tokens redacted. */
export function redactText(text: string): string {
  return text.replace(SECRET_SEGMENTS, "$1[redacted]").replace(SECRET_PARAMS, "$1[redacted]").replace(API_TOKENS, "att_[redacted]");
}
