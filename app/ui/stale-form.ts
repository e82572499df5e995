/** What a refused CSRF token answers as its status text: the error page recognises it by this. */
export const STALE_FORM = "stale_form";

/**
 * Its body, read as such only where no page renders it (a form posted without JavaScript to an address that has no
 * page, such as /logout): both languages, since the reader's is not known there.
 */
export const STALE_FORM_TEXT =
  "This page is out of date: reload it and try again. Nothing was changed.\n" +
  "Cette page n’est plus à jour : rechargez-la et réessayez. Rien n’a été modifié.\n";
