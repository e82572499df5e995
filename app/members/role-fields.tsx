import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { ROLES } from "../../db/schema/identity";
import { SelectField } from "../ui/forms";
import { ROLE_LABEL } from "../i18n/labels";

/** Role, and the tenant a tenant member belongs to. */
export function RoleFields({
  role,
  tenantId,
  tenants,
}: {
  role: FieldMetadata<string | undefined>;
  tenantId: FieldMetadata<string | undefined>;
  tenants: { id: string; legalName: string }[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField
        meta={role}
        label={t("members.fields.role")}
        placeholder={t("common.choose")}
        options={ROLES.map((r) => ({ value: r, label: t(ROLE_LABEL[r]) }))}
      />
      <SelectField
        meta={tenantId}
        label={t("members.fields.tenant")}
        hint={t("members.fields.tenantHint")}
        placeholder={t("members.fields.noTenant")}
        options={tenants.map((tenant) => ({ value: tenant.id, label: tenant.legalName }))}
      />
    </>
  );
}
