import type { Messages } from "../messages";
import type en from "../en/auth";

const fr: Messages<typeof en> = {
  login: {
    title: "Connexion",
    intro: "Conformité et contrats pour les centres de données IA et HPC.",
    email: "Adresse e-mail",
    password: "Mot de passe",
    submit: "Se connecter",
    errors: {
      invalid: "Adresse e-mail ou mot de passe incorrect.",
      throttled: "Trop de tentatives échouées. Patientez 15 minutes avant de réessayer.",
      noAccess: "Votre compte n’appartient à aucune organisation. Demandez une invitation à un administrateur.",
    },
  },
  invite: {
    pageTitle: "Invitation",
    title: "Rejoindre {{organization}}",
    intro: "Vous êtes invité·e en tant que {{role}} avec l’adresse {{email}}.",
    haveAccount: "Vous avez déjà un compte Attest avec cette adresse ?",
    signIn: "Connectez-vous pour accepter",
    newAccount: "Nouveau sur Attest ? Créez votre compte",
    signedInAs: "Vous êtes connecté·e en tant que {{email}}.",
    otherAccountAs:
      "Vous êtes connecté·e en tant que {{email}}, mais cette invitation est adressée à {{invited}}. Déconnectez-vous, puis connectez-vous avec {{invited}} pour l’accepter.",
    otherAccount: "Cette invitation est adressée à une autre adresse : connectez-vous avec l’adresse invitée pour l’accepter.",
    signOutToCreate: "Vous êtes connecté·e : déconnectez-vous avant de créer un autre compte.",
    signInToAccept:
      "Cette invitation ne peut pas être acceptée ainsi. Si vous utilisez déjà Attest, connectez-vous avec l’adresse invitée pour l’accepter.",
    name: "Vos nom et prénom",
    newPassword: "Choisissez un mot de passe",
    passwordRules:
      "Au moins 12 caractères, avec des lettres et au moins un chiffre, une espace ou un symbole, et difficile à deviner (ni un mot de passe courant, ni votre nom ou votre adresse) : une phrase de passe de plusieurs mots convient bien.",
    confirmPassword: "Répétez le mot de passe",
    submit: "Accepter l’invitation",
  },
  roles: {
    admin: "Administrateur",
    compliance_officer: "Responsable conformité",
    legal: "Juridique",
    auditor: "Auditeur",
    tenant_member: "Membre locataire",
  },
};

export default fr;
