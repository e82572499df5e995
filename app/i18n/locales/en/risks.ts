export default {
  risks: {
    levelOffScale: "Choose a level of your organisation’s scale.",
    residualAboveInherent: "The residual risk cannot be higher than the inherent risk: treatment does not make a risk worse.",
    unknownControl: "This control is not in the frameworks Attest knows (e.g. A.7.11).",
    controlsRequired: "A risk treated by modification names the controls that treat it.",
    scopeNotFound: "This asset, tenant or agreement is not one of your organisation’s.",
    unknownLibraryRisk: "This is not a risk of the library.",
    acceptanceNeedsOwner: "A risk is accepted by its owner: name one first.",
    acceptanceByOwner: "Only the risk’s owner can accept it.",
    acceptanceNeedsRetain: "Only a retained risk can be accepted: choose “retain” as its treatment.",
    acceptanceExpiryPast: "An acceptance ends on a day after today.",
    ownerNotMember: "The owner must be a member of your organisation’s staff.",
  },
};
