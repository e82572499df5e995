import { useTranslation } from "react-i18next";
import { EmptyState, PageHeader } from "./layout";

/** An honest empty state for a section whose module has not been delivered yet. */
export function ModulePlaceholder({ section }: { section: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(`nav.${section}`)} description={t(`sections.${section}.description`)} />
      <EmptyState title={t("sections.notYet.title")} body={t(`sections.${section}.notYet`)} />
    </>
  );
}
