import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const PAGE_SIZE = 25;

export function pageCount(total: number, pageSize = PAGE_SIZE) {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Previous/next links that keep the current filters in the query string. */
export function Pagination({
  page,
  total,
  pageSize = PAGE_SIZE,
  totalCapped = false,
}: {
  page: number;
  total: number;
  pageSize?: number;
  totalCapped?: boolean;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const pages = pageCount(total, pageSize);
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(target));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      {page > 1 ? <Link to={hrefFor(page - 1)}>{t("pagination.previous")}</Link> : <span aria-hidden="true" />}
      <span>
        {totalCapped ? t("pagination.statusAtLeast", { page, total: total - 1 }) : t("pagination.status", { page, pages, total })}
      </span>
      {page < pages ? <Link to={hrefFor(page + 1)}>{t("pagination.next")}</Link> : <span aria-hidden="true" />}
    </nav>
  );
}
