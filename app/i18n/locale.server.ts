import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./i18n";

// In production `__Host-` prefixed and Secure, like the session and CSRF cookies.
const production = process.env.NODE_ENV === "production";
export const localeCookie = createCookie(production ? "__Host-attest_lng" : "attest_lng", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: production,
  maxAge: 60 * 60 * 24 * 365,
});

/** The remembered choice first, then the browser's Accept-Language, then English. */
export async function detectLocale(request: Request): Promise<Locale> {
  const remembered: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(remembered)) return remembered;
  return negotiateLocale(request.headers.get("Accept-Language"));
}

export function negotiateLocale(header: string | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { language: tag.toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const match = ranked.find((entry) => (LOCALES as readonly string[]).includes(entry.language));
  return match && isLocale(match.language) ? match.language : DEFAULT_LOCALE;
}
