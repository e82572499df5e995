import { createContext, useContext } from "react";

// The server renders the response's nonce; in the browser the attribute reads as "" (the HTML spec hides it), so the
// client renders "" too and hydration matches without the nonce ever reaching client code.
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
