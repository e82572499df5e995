import type { Messages } from "../messages";
import type en from "../en/core";

const fr: Messages<typeof en> = {
  common: {
    unknownValue: "Valeur inconnue",
    choose: "Choisir…",
    cancel: "Annuler",
    save: "Enregistrer",
    edit: "Modifier",
    delete: "Supprimer",
    remove: "Retirer",
    search: "Rechercher",
    actions: "Actions",
  },
  validation: {
    invalid: "Cette valeur n’est pas valide.",
    required: "Ce champ est obligatoire.",
    email: "Saisissez une adresse e-mail valide.",
    tooLong: "C’est trop long.",
    tooShort: "C’est trop court.",
    slug: "Utilisez 1 à 50 lettres minuscules, chiffres et tirets, en commençant et finissant par une lettre ou un chiffre.",
    country: "Choisissez un pays.",
    contactsRequired: "Ajoutez au moins un contact.",
    tooMany: "Trop d’éléments.",
    passwordTooShort: "Le mot de passe doit contenir au moins 12 caractères.",
    passwordTooLong: "Le mot de passe doit contenir au plus 128 caractères.",
    passwordMix: "Le mot de passe doit contenir des lettres et au moins un chiffre, une espace ou un symbole.",
    passwordsDiffer: "Les deux mots de passe diffèrent.",
    passwordWeak:
      "Mot de passe : trop facile à deviner. Choisissez une phrase de passe plus longue, de plusieurs mots sans rapport entre eux.",
    passwordWarnings: {
      straightRow: "Les rangées de touches du clavier sont faciles à deviner.",
      keyPattern: "Les motifs courts du clavier sont faciles à deviner.",
      simpleRepeat: "Les caractères répétés comme « aaa » sont faciles à deviner.",
      extendedRepeat: "Les groupes de caractères répétés comme « abcabcabc » sont faciles à deviner.",
      sequences: "Les suites comme « abc » ou « 6543 » sont faciles à deviner.",
      recentYears: "Les années récentes sont faciles à deviner.",
      dates: "Les dates sont faciles à deviner.",
      topTen: "C’est l’un des mots de passe les plus utilisés.",
      topHundred: "C’est un mot de passe très souvent utilisé.",
      common: "C’est un mot de passe courant.",
      similarToCommon: "Il ressemble à un mot de passe courant.",
      wordByItself: "Un mot seul est facile à deviner.",
      namesByThemselves: "Un prénom ou un nom seul est facile à deviner.",
      commonNames: "Les prénoms et noms courants sont faciles à deviner.",
      userInputs: "Il ne doit contenir ni votre nom ni votre adresse e-mail.",
      pwned: "Ce mot de passe figure dans une fuite de données.",
    },
    date: "Saisissez une date valide.",
    number: "Saisissez un nombre.",
    tooLarge: "C’est trop grand.",
    role: "Choisissez un rôle.",
    tenantRequired: "Un membre locataire doit appartenir à l’un de vos locataires.",
    slugTaken: "Un autre locataire utilise déjà cet identifiant.",
    legalNameTaken: "Un autre locataire porte déjà cette raison sociale.",
  },
  errors: {
    "400": { title: "Requête invalide", body: "La requête n’a pas pu être comprise. Vérifiez votre saisie et réessayez." },
    "403": { title: "Accès refusé", body: "Votre rôle ne vous donne pas accès à cette page ou à cette action." },
    "404": { title: "Introuvable", body: "Cette page n’existe pas, ou elle n’appartient pas à votre organisation." },
    "429": { title: "Trop de tentatives", body: "Patientez quelques minutes avant de réessayer." },
    "503": {
      title: "Base de données indisponible",
      body: "Attest ne joint pas sa base de données pour l’instant. Il se reconnecte de lui-même : réessayez dans un instant. Une modification en cours n’a pas été enregistrée (rien ne l’est jamais à moitié) : refaites-la.",
    },
    "500": { title: "Une erreur est survenue", body: "Une erreur inattendue s’est produite. Elle a été journalisée ; veuillez réessayer." },
    backHome: "Retour au tableau de bord",
  },
  requests: {
    crossOrigin: "Requête refusée : elle ne provient pas d’une page de ce site.",
    formOnly:
      "Requête refusée : cette adresse n’accepte que l’envoi d’un formulaire (application/x-www-form-urlencoded ou multipart/form-data).",
    malformedForm: "Requête refusée : les données du formulaire sont illisibles.",
  },
  pagination: {
    label: "Pagination",
    previous: "← Précédent",
    next: "Suivant →",
    status: "Page {{page}} sur {{pages}} · {{total}} au total",
    statusAtLeast: "Page {{page}} · plus de {{total}} : filtrez ou cherchez pour réduire la liste",
  },
  language: { label: "Langue", en: "English", fr: "Français" },
  shell: {
    organization: "Organisation",
    switch: "Changer",
    skip: "Aller au contenu",
    logout: "Se déconnecter",
    navigation: "Navigation principale",
  },
  nav: {
    dashboard: "Tableau de bord",
    inventory: "Inventaire",
    findings: "Constats",
    policies: "Règles",
    controls: "Mesures",
    permits: "Autorisations",
    agreements: "Contrats",
    reports: "Rapports",
    audits: "Audits",
    audit: "Journal d’audit",
    settings: "Paramètres",
  },
  sections: {
    inventory: {
      description: "Sites, salles, baies, serveurs, GPU, stockage, jeux de données, sauvegardes et consommation électrique.",
    },
    findings: {
      description: "Ce que le moteur de règles constate en confrontant l’inventaire à vos règles.",
    },
    permits: {
      description: "Autorisations d’exploiter, environnementales et de construire, avec leurs prescriptions et échéances.",
    },
    agreements: {
      description: "Contrats multipartites : parties, clauses, obligations, renouvellements et préavis.",
    },
  },
  bodyLimits: {
    tooLarge: "Requête refusée : son contenu dépasse {{size}} Mo, le maximum que cette adresse accepte.",
  },
};

export default fr;
