import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "../i18n/meta";
import { ModulePlaceholder } from "../ui/module-placeholder";
import { placeholderLoader } from "../ui/module-placeholder.server";

export const loader = placeholderLoader("Agreement");

export default function AgreementsPage() {
  return <ModulePlaceholder section="agreements" />;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.agreements");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
