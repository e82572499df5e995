import type en from "./en";

/** The shape of a language: the same keys as English, each a string. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** Every language has exactly the same keys as English. */
export type Translation = Messages<typeof en>;
