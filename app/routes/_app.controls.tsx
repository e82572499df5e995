import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "../i18n/meta";
import { ModulePlaceholder } from "../ui/module-placeholder";
import { placeholderLoader } from "../ui/module-placeholder.server";

export const loader = placeholderLoader("Control");

export default function ControlsPage() {
  return <ModulePlaceholder section="controls" />;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.controls");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
