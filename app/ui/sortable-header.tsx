import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { nextSort, sortValue, type Sort, type SortDirection } from "./sort";

/**
 * A column header that sorts the list: keeps every other filter of the URL, goes back to the first page, and tells
 * assistive technology the current order (aria-sort).
 */
export function SortableHeader<C extends string>({
  column,
  label,
  sort,
  firstDirection = "asc",
  className,
}: {
  column: C;
  label: string;
  sort: Sort<C>;
  firstDirection?: SortDirection;
  className?: string;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.set("sort", sortValue(nextSort(sort, column, firstDirection)));
  params.delete("page");
  const active = sort.column === column;
  const ariaSort = active ? (sort.direction === "asc" ? "ascending" : "descending") : "none";
  return (
    <th scope="col" aria-sort={ariaSort} className={className}>
      <Link to={`${location.pathname}?${params.toString()}`} className="sort-link" title={t("list.sortBy", { field: label })}>
        {label}
        <span aria-hidden="true" className={active ? "sort-mark active" : "sort-mark"}>
          {active ? (sort.direction === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </Link>
    </th>
  );
}
