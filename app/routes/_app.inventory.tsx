import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "../i18n/meta";
import { ModulePlaceholder } from "../ui/module-placeholder";
import { placeholderLoader } from "../ui/module-placeholder.server";

export const loader = placeholderLoader("Inventory");

export default function InventoryPage() {
  return <ModulePlaceholder section="inventory" />;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.inventory");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
