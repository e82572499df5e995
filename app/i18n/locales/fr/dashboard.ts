import type { Messages } from "../messages";
import type en from "../en/dashboard";

const fr: Messages<typeof en> = {
  dashboard: {
    posture: "Posture de conformité",
    lastRun: "Dernière évaluation :",
    runHistory: "historique des évaluations",
    noRun: "Aucune évaluation n’a encore eu lieu.",
    openFindings: "ouverts",
    accepted: "acceptés avec une dérogation",
    byFramework: "Constats ouverts par référentiel",
    byTenant: "Constats ouverts par locataire",
    noneOpen: "Aucun constat ouvert.",
    operatorOwn: "Ressources propres de l’opérateur",
    trend: "Constats ouverts sur les {{days, number}} derniers jours",
    trendLabel:
      "Les constats ouverts sont passés de {{first, number}} à {{last, number}} sur les {{days, number}} derniers jours, par gravité.",
    day: "Jour",
    title: "Tableau de bord",
    welcome: "{{organization}}",
    yourTenant: "Votre société",
    tenants: "Locataires",
    members: "Membres",
    recentChanges: "Modifications récentes",
    fullAuditLog: "Ouvrir le journal d’audit complet",
    controls: "Déclaration d’applicabilité",
    controlsOf: "{{framework}} : {{implemented, number}} mesures applicables mises en œuvre sur {{applicable, number}}",
    controlsOpen: "Ouvrir les mesures",
    controlsCount: "{{status}} : {{count, number}}",
  },
};

export default fr;
