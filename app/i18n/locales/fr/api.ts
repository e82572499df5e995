import type { Messages } from "../messages";
import type en from "../en/api";

const fr: Messages<typeof en> = {
  api: {
    errors: {
      unauthorized: "Un jeton d’API valide est requis : Authorization: Bearer att_…",
      forbiddenScope: "Ce jeton n’a pas la portée {{code}}.",
      payloadTooLarge: "Le corps de la requête ne peut dépasser {{max, number}} octets.",
      jsonOnly: "Envoyez le corps en application/json.",
      emptyBody: "Le corps de la requête est vide.",
      invalidJson: "Le corps de la requête n’est pas du JSON valide.",
      multipartOnly: "Envoyez du multipart/form-data, avec le PDF dans le champ file (et le code dans code).",
      malformedMultipart: "Le corps de la requête n’est pas un formulaire multipart lisible.",
      fileTooLarge: "Le fichier ne peut dépasser {{max, number}} octets.",
      tooManyAssets: "Au plus {{max, number}} actifs par requête : découpez le lot.",
      fixAssets: "Rien n’a été écrit : corrigez ces actifs.",
      fixFields: "Rien n’a été écrit : corrigez ces champs.",
      unknownParties: "Rien n’a été écrit : parties inconnues.",
      nothingIssued: "Rien n’a été émis.",
      fixIssueFields: "Rien n’a été émis : corrigez ces champs.",
      fixCheckFields: "Rien n’a été vérifié : corrigez ces champs.",
      invalidQuery: "La chaîne de requête n’est pas valide.",
      invalidCursor: "Le curseur n’est pas valide.",
      noTenant: "Aucun locataire n’a l’identifiant « {{tenant}} ».",
      noSite: "Aucun site « {{name}} ».",
      massDelete:
        'Cet instantané supprimerait {{count, number}} des {{live, number}} actifs en service de la source « {{source}} » : envoyez "confirm_mass_delete": true pour l’autoriser.',
    },
    methods: {
      ingest: "Utilisez POST pour envoyer l’inventaire, GET pour le lire.",
      recordAgreement: "Utilisez POST pour enregistrer un contrat.",
      amendAgreement: "Utilisez POST pour modifier un contrat par avenant.",
      issueAttestation: "Utilisez POST pour émettre une attestation.",
      recordPermit: "Utilisez POST pour enregistrer une autorisation.",
      startRun: "Utilisez POST pour lancer une évaluation.",
      startRunOrRead: "Utilisez POST pour lancer une évaluation, GET /api/v1/runs/{id} pour en lire une.",
      setControl: "Utilisez PUT pour enregistrer l’évaluation d’une mesure.",
      verifyPost: "Envoyez le PDF par POST en multipart/form-data.",
      verifyGet: "Envoyez un PDF par POST à /api/v1/verify ; GET /api/v1/verify/{code} vérifie un code seul.",
    },
    notFound: {
      asset: "Cet actif n’existe pas.",
      assetAtInstant: "Cet actif n’existait pas à cet instant.",
      agreement: "Ce contrat n’existe pas.",
      attestation: "Cette attestation n’existe pas.",
      finding: "Ce constat n’existe pas.",
      run: "Cette évaluation n’existe pas.",
      requirement: "Cette exigence n’existe pas.",
      framework: "Aucun référentiel « {{framework}} ».",
      tenant: "Aucun locataire de votre organisation n’a cet identifiant.",
      verificationCode: "Aucun document n’a ce code de vérification.",
      organization: "Aucune organisation n’a cet identifiant.",
    },
    details: {
      noReadingAsset: "Aucun site, salle, baie ni arrivée électrique n’a l’identifiant « {{externalId}} ».",
      noSite: "Aucun site de votre organisation n’a cet identifiant.",
      noParty: "Cette partie n’existe pas dans votre organisation.",
      noPartyAtIndex: "Aucune partie à cette position.",
      pdfRequired: "Un fichier PDF de 1 à {{max, number}} octets est requis.",
      textField: "Ce champ doit être un champ texte.",
    },
  },
};

export default fr;
