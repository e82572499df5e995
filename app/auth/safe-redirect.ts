// Where to send the browser after a form that names its own destination (sign-in, language switch): only a path of
// this app. Nothing is stripped or repaired: a value a browser could read as another site is refused as a whole.
const BASE = "http://attest.invalid";
const MAX_LENGTH = 2048;
// Browsers drop tabs and newlines anywhere in a URL and read "\" as "/": any control character or backslash, raw or
// percent-encoded, makes the value unusable.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;

function sameOriginPath(value: string): string | null {
  if (!value.startsWith("/") || value.startsWith("//") || UNSAFE.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  // The parser's own form: percent-encoded ASCII, dot segments resolved ("/.//x" becomes "//x", refused below).
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("//") ? null : path;
}

/** A same-origin path (path, query and fragment, normalised) for a user-supplied target, or `fallback`. */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return fallback;
  const path = sameOriginPath(to);
  if (path === null) return fallback;
  // A proxy or a later hop may decode once: the decoded form must be as harmless ("/%2F%2Fevil", "/%5Cevil", "/%09/").
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return fallback;
  }
  if (decoded !== path && sameOriginPath(decoded) === null) return fallback;
  return path;
}
