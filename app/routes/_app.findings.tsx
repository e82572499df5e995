import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "../i18n/meta";
import { ModulePlaceholder } from "../ui/module-placeholder";
import { placeholderLoader } from "../ui/module-placeholder.server";

export const loader = placeholderLoader("Finding");

export default function FindingsPage() {
  return <ModulePlaceholder section="findings" />;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.findings");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
