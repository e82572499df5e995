import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "../i18n/meta";
import { ModulePlaceholder } from "../ui/module-placeholder";
import { placeholderLoader } from "../ui/module-placeholder.server";

export const loader = placeholderLoader("Report");

export default function ReportsPage() {
  return <ModulePlaceholder section="reports" />;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.reports");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
