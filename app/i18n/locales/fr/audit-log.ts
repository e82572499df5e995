import type { Messages } from "../messages";
import type en from "../en/audit-log";

const fr: Messages<typeof en> = {
  audit: {
    title: "Journal d’audit",
    description:
      "Chaque modification des données de conformité : qui, quand, quoi, avant et après. Les entrées sont chaînées par SHA-256 et ne peuvent pas être modifiées.",
    filters: "Filtrer le journal d’audit",
    actor: "Auteur",
    entityType: "Type d’entité",
    anyEntity: "Tous",
    entityId: "Identifiant de l’entité",
    from: "Du (UTC)",
    to: "Au (UTC, inclus)",
    apply: "Appliquer les filtres",
    emptyTitle: "Aucune entrée",
    emptyBody: "Aucune modification ne correspond à ces filtres.",
    when: "Date",
    action: "Action",
    entity: "Entité",
    change: "Modification",
    showChange: "Afficher",
    before: "Avant",
    after: "Après",
    field: "Champ",
    noFieldChange: "Aucun champ modifié.",
    export: "Exporter en CSV",
    hash: "Empreinte",
  },
};

export default fr;
