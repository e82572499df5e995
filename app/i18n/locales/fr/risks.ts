export default {
  risks: {
    levelOffScale: "Choisissez un niveau de l’échelle de votre organisation.",
    residualAboveInherent: "Le risque résiduel ne peut pas dépasser le risque initial : le traitement n’aggrave pas un risque.",
    unknownControl: "Cette mesure ne figure pas dans les référentiels connus d’Attest (par exemple A.7.11).",
    controlsRequired: "Un risque traité par réduction indique les mesures qui le traitent.",
    scopeNotFound: "Cet actif, ce client ou ce contrat n’appartient pas à votre organisation.",
    unknownLibraryRisk: "Ce risque ne figure pas dans la bibliothèque.",
    acceptanceNeedsOwner: "Un risque est accepté par son propriétaire : désignez-en un d’abord.",
    acceptanceByOwner: "Seul le propriétaire du risque peut l’accepter.",
    acceptanceNeedsRetain: "Seul un risque maintenu peut être accepté : choisissez « maintien » comme traitement.",
    acceptanceExpiryPast: "Une acceptation prend fin après aujourd’hui.",
    ownerNotMember: "Le propriétaire doit faire partie du personnel de votre organisation.",
  },
};
