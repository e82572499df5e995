import type { MessageKey } from "../i18n/keys";
import { CLOUD_PROVIDER_LABEL, ENTRY_CONTROL_LABEL, TRANSFER_MECHANISM_LABEL } from "../i18n/labels";
import type { ATTRIBUTE_SCHEMAS, CLOUD_PROVIDERS, DATA_CATEGORIES, DEVICE_ROLES } from "./kinds";
import type { z } from "zod";

type Attributes<K extends keyof typeof ATTRIBUTE_SCHEMAS> = z.infer<(typeof ATTRIBUTE_SCHEMAS)[K]>;

/**
 * The coded attributes of the inventory (ATTRIBUTE_SCHEMAS' enumerations) in the reader's words, by attribute name. The
 * asset page shows an attribute's name as it came (code) and its value by its label; a value with no label here
 * (a tier "III", a redundancy "2N", a region id) is shown as it is.
 */
export const ATTRIBUTE_VALUE_LABELS = {
  access_control: ENTRY_CONTROL_LABEL,
  cooling: {
    air: "inventory.attributeValues.cooling.air",
    liquid: "inventory.attributeValues.cooling.liquid",
    immersion: "inventory.attributeValues.cooling.immersion",
    hybrid: "inventory.attributeValues.cooling.hybrid",
  } satisfies Record<NonNullable<Attributes<"hall">["cooling"]>, MessageKey>,
  role: {
    server: "inventory.attributeValues.role.server",
    gpu_node: "inventory.attributeValues.role.gpu_node",
    storage_array: "inventory.attributeValues.role.storage_array",
    switch: "inventory.attributeValues.role.switch",
    firewall: "inventory.attributeValues.role.firewall",
    pdu: "inventory.attributeValues.role.pdu",
  } satisfies Record<(typeof DEVICE_ROLES)[number], MessageKey>,
  key_holder: {
    operator: "inventory.attributeValues.key_holder.operator",
    tenant: "inventory.attributeValues.key_holder.tenant",
    cloud_provider: "inventory.attributeValues.key_holder.cloud_provider",
    hsm: "inventory.attributeValues.key_holder.hsm",
  } satisfies Record<NonNullable<Attributes<"storage_volume">["key_holder"]>, MessageKey>,
  data_categories: {
    personal: "inventory.attributeValues.data_categories.personal",
    special_category: "inventory.attributeValues.data_categories.special_category",
    pseudonymised: "inventory.attributeValues.data_categories.pseudonymised",
    non_personal: "inventory.attributeValues.data_categories.non_personal",
  } satisfies Record<(typeof DATA_CATEGORIES)[number], MessageKey>,
  gdpr_role: {
    controller: "inventory.attributeValues.gdpr_role.controller",
    processor: "inventory.attributeValues.gdpr_role.processor",
    joint_controller: "inventory.attributeValues.gdpr_role.joint_controller",
  } satisfies Record<NonNullable<Attributes<"dataset">["gdpr_role"]>, MessageKey>,
  provider: CLOUD_PROVIDER_LABEL satisfies Record<(typeof CLOUD_PROVIDERS)[number], MessageKey>,
  legal_mechanism: TRANSFER_MECHANISM_LABEL,
} as const;

/** The key naming an attribute's coded value, or null when the attribute is not coded or the value unknown. */
export function attributeValueLabel(attribute: string, value: unknown): MessageKey | null {
  if (typeof value !== "string" || !Object.hasOwn(ATTRIBUTE_VALUE_LABELS, attribute)) return null;
  const labels: Readonly<Record<string, MessageKey>> = ATTRIBUTE_VALUE_LABELS[attribute as keyof typeof ATTRIBUTE_VALUE_LABELS];
  return Object.hasOwn(labels, value) ? labels[value]! : null;
}
