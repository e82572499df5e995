export default {
  risks: {
    levelOffScale: "Choisissez un niveau de l’échelle de votre organisation.",
    residualAboveInherent: "Le risque résiduel ne peut pas dépasser le risque initial : le traitement n’aggrave pas un risque.",
    unknownControl: "Cette mesure ne figure pas dans les référentiels connus d’Attest (par exemple A.7.11).",
    controlsRequired: "Un risque traité par réduction indique les mesures qui le traitent.",
    scopeNotFound: "Cet actif, ce client ou ce contrat n’appartient pas à votre organisation.",
    ownerNotMember: "Le propriétaire doit faire partie du personnel de votre organisation.",
  },
};
