import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "../i18n/meta";
import { ModulePlaceholder } from "../ui/module-placeholder";
import { placeholderLoader } from "../ui/module-placeholder.server";

export const loader = placeholderLoader("Permit");

export default function PermitsPage() {
  return <ModulePlaceholder section="permits" />;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.permits");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
