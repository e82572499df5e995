import { isRouteErrorResponse, Link, useLocation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { MessageKey } from "../i18n/keys";
import { STALE_FORM } from "./stale-form";

const PAGES = {
  400: { title: "errors.400.title", body: "errors.400.body" },
  403: { title: "errors.403.title", body: "errors.403.body" },
  404: { title: "errors.404.title", body: "errors.404.body" },
  429: { title: "errors.429.title", body: "errors.429.body" },
  500: { title: "errors.500.title", body: "errors.500.body" },
  503: { title: "errors.503.title", body: "errors.503.body" },
} as const satisfies Record<number, { title: MessageKey; body: MessageKey }>;

function pageOf(status: number) {
  return status in PAGES ? PAGES[status as keyof typeof PAGES] : PAGES[500];
}

/**
 * A form refused for its CSRF token (app/auth/csrf.server.ts): the page was rendered before the browser signed in or
 * out (in another tab, or the session ended). Not a matter of role: the reader is told to reload it.
 */
const STALE_FORM_PAGE = { title: "errors.staleForm.title", body: "errors.staleForm.body" } as const satisfies {
  title: MessageKey;
  body: MessageKey;
};

function isStaleForm(error: unknown) {
  return isRouteErrorResponse(error) && error.status === 403 && error.statusText === STALE_FORM;
}

/** One error page for every route, with a message per HTTP status. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const location = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const stale = isStaleForm(error);
  const page = stale ? STALE_FORM_PAGE : pageOf(status);
  if (status >= 500 && typeof console !== "undefined") console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(page.title)}</h1>
      <p>{t(page.body)}</p>
      <p>
        {stale ? (
          <a href={`${location.pathname}${location.search}`}>{t("errors.staleForm.reload")}</a>
        ) : (
          <Link to="/">{t("errors.backHome")}</Link>
        )}
      </p>
    </section>
  );
}

/** The error page outside the app shell (sign-in pages, the shell itself failing). */
export function StandaloneErrorBoundary() {
  return (
    <main className="standalone">
      <GeneralErrorBoundary />
    </main>
  );
}
