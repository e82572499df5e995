export default {
  login: {
    title: "Sign in",
    intro: "Compliance and contracts for AI and HPC data centres.",
    email: "Email",
    password: "Password",
    submit: "Sign in",
    errors: {
      invalid: "Wrong email or password.",
      throttled: "Too many failed attempts. Wait 15 minutes before trying again.",
      noAccess: "Your account does not belong to any organisation. Ask an administrator for an invitation.",
    },
  },
  invite: {
    pageTitle: "Invitation",
    title: "Join {{organization}}",
    intro: "You are invited as {{role}} with the address {{email}}.",
    haveAccount: "Already have an Attest account with this address?",
    signIn: "Sign in to accept",
    newAccount: "New to Attest? Create your account",
    signedInAs: "You are signed in as {{email}}.",
    otherAccountAs:
      "You are signed in as {{email}}, but this invitation is for {{invited}}. Sign out, then sign in as {{invited}} to accept it.",
    otherAccount: "This invitation is for another address: sign in with the invited address to accept it.",
    signOutToCreate: "You are signed in: sign out before creating another account.",
    signInToAccept:
      "This invitation cannot be accepted this way. If you already use Attest, sign in with the invited address to accept it.",
    name: "Your full name",
    newPassword: "Choose a password",
    passwordRules:
      "At least 12 characters, with letters and at least one digit, space or symbol, and hard to guess (not a common password, nor your name or address): a passphrase of several words works well.",
    confirmPassword: "Repeat the password",
    submit: "Accept the invitation",
  },
  roles: {
    admin: "Administrator",
    compliance_officer: "Compliance officer",
    legal: "Legal",
    auditor: "Auditor",
    tenant_member: "Tenant member",
  },
};
