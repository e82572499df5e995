import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

const KNOWN_STATUSES = [400, 403, 404, 429, 503] as const;

/** One error page for every route, with a message per HTTP status. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = (KNOWN_STATUSES as readonly number[]).includes(status) ? String(status) : "500";
  if (status >= 500 && typeof console !== "undefined") console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(`errors.${key}.title`)}</h1>
      <p>{t(`errors.${key}.body`)}</p>
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
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
