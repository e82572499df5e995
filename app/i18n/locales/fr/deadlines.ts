import type { Messages } from "../messages";
import type en from "../en/deadlines";

const fr: Messages<typeof en> = {
  deadlines: {
    title: "Échéances et notifications",
    description:
      "Les échéances des autorisations (expiration, renouvellement), des mesures (revue), des preuves (expiration) et des contrats (préavis, fin, obligations), à 90, 30 et 7 jours et en cas de retard ; et ce qui vous attend : le signalement d’un auditeur, la réponse à votre signalement, une dérogation à approuver ou la décision sur votre demande.",
    preferences: "Préférences de notification",
    preferencesBody: "Choisissez ce dont vous êtes informé·e, ici et par e-mail, et abonnez votre agenda à vos échéances.",
    upcoming: "À échéance dans les 90 jours, et en retard",
    noneTitle: "Rien à échéance",
    noneBody: "Aucune échéance dans les 90 prochains jours.",
    due: "Échéance",
    kind: "Type",
    subject: "Objet",
    overdueBy_one: "en retard de {{count, number}} jour",
    overdueBy_other: "en retard de {{count, number}} jours",
    inDays_one: "dans {{count, number}} jour",
    inDays_other: "dans {{count, number}} jours",
    received: "Vos notifications",
    noNotifications: "Aucune notification pour l’instant.",
    markRead_one: "Marquer {{count, number}} comme lue",
    markRead_other: "Marquer {{count, number}} comme lues",
    new: "Nouveau",
    bell_one: "{{count, number}} notification non lue",
    bell_other: "{{count, number}} notifications non lues",
    whatToHear: "M’informer de",
    byEmail: "Aussi par e-mail",
    thresholdsHint: "Vous êtes informé·e 90, 30 et 7 jours avant, et quand une échéance est dépassée.",
    personalByEmail: "M’envoyer par e-mail ce qui m’est adressé",
    personalByEmailHint:
      "Le signalement d’un auditeur ou la réponse au vôtre, une exception qui attend votre approbation, la décision sur votre demande. Ils restent dans la cloche dans tous les cas.",
    calendar: "Abonnement d’agenda (iCalendar)",
    calendarBody:
      "Une adresse secrète à laquelle Outlook, Google Agenda ou Calendrier d’Apple peuvent s’abonner. Qui la connaît peut lire vos échéances : gardez-la privée.",
    calendarUrl: "Adresse de votre agenda",
    calendarOnce: "Copiez-la maintenant : elle n’est affichée qu’une fois. En créer une nouvelle désactive celle-ci.",
    calendarActive: "Une adresse d’agenda est active depuis le",
    calendarCreate: "Créer une adresse d’agenda",
    calendarRenew: "Remplacer l’adresse d’agenda",
    calendarRevoke: "Désactiver l’adresse d’agenda",
    calendarName: "Échéances Attest — {{organization}}",
    mailSubject_one: "Attest — {{organization}} : {{count, number}} échéance",
    mailSubject_other: "Attest — {{organization}} : {{count, number}} échéances",
    mailLine: "- {{kind}} : {{title}} — {{date}} ({{threshold}})",
    calendarSummary: "{{kind}} : {{title}}",
    controlTitle: "{{id}} ({{framework}})",
    kinds: {
      permit_expiry: "Expiration d’autorisation",
      permit_renewal: "Renouvellement d’autorisation à déposer",
      control_review: "Revue de mesure",
      evidence_expiry: "Expiration de preuve",
      agreement_notice: "Date limite de préavis",
      agreement_expiry: "Expiration de contrat",
      obligation_due: "Obligation à échéance",
    },
    thresholds: { "90": "dans 90 jours ou moins", "30": "dans 30 jours ou moins", "7": "dans 7 jours ou moins", overdue: "en retard" },
  },
};

export default fr;
