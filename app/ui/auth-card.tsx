import type { ReactNode } from "react";
import { LanguageSwitch } from "./language-switch";

/** The centred card of the pages a visitor sees before signing in. */
export function AuthCard({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  return (
    <main className="standalone">
      <div className="auth-card">
        <div className="auth-top">
          <p className="brand">Attest</p>
          <LanguageSwitch />
        </div>
        <h1>{title}</h1>
        <p className="page-description">{intro}</p>
        {children}
      </div>
    </main>
  );
}
