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
    csv: {
      seq: "N° de séquence",
      createdAt: "Date et heure (UTC)",
      actor: "Acteur",
      action: "Action (code)",
      entityType: "Type d’entité (code)",
      entityId: "Identifiant de l’entité",
      before: "Avant (JSON)",
      after: "Après (JSON)",
      prevHash: "Empreinte précédente (SHA-256)",
      hash: "Empreinte (SHA-256)",
    },
    actors: {
      policyEngine: "moteur de règles",
      reportBuilder: "générateur de rapports",
      checkpoints: "points de contrôle du journal d’audit",
      tokenCli: "ligne de commande (npm run token)",
      netboxCli: "import NetBox (ligne de commande)",
      demoSeed: "système (données de démonstration)",
    },
  },
};

export default fr;
