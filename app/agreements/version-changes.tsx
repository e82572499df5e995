import { useTranslation } from "react-i18next";
import type { AgreementChange, WordPart } from "./compare";
import { CHANGE_SECTIONS } from "./compare";
import { CHANGE_SECTION_LABEL, changeParts } from "./compare-text";

/** Deleted and inserted words, marked for the eye (struck through, underlined) and for a screen reader (in words). */
function Deleted({ children }: { children: string }) {
  const { t } = useTranslation();
  return (
    <del>
      <span className="visually-hidden">{t("agreements.changes.deletedStart")} </span>
      {children}
      <span className="visually-hidden"> {t("agreements.changes.deletedEnd")}</span>
    </del>
  );
}

function Inserted({ children }: { children: string }) {
  const { t } = useTranslation();
  return (
    <ins>
      <span className="visually-hidden">{t("agreements.changes.insertedStart")} </span>
      {children}
      <span className="visually-hidden"> {t("agreements.changes.insertedEnd")}</span>
    </ins>
  );
}

/** A long text's change word by word, the unchanged words kept between the struck and the inserted ones. */
function Words({ parts }: { parts: WordPart[] }) {
  return (
    <p className="redline-text">
      {parts.map((part, i) =>
        part.change === "added" ? (
          <Inserted key={i}>{part.text}</Inserted>
        ) : part.change === "removed" ? (
          <Deleted key={i}>{part.text}</Deleted>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}

function ChangeLine({ change }: { change: AgreementChange }) {
  const { t, i18n } = useTranslation();
  const p = changeParts(t, i18n.language, change);
  const colon = t("agreements.changes.colon");
  const what = (
    <strong>
      {p.about ? `${p.about} — ` : ""}
      {p.label}
    </strong>
  );
  if (change.code === "party.added" || change.code === "obligation.added")
    return (
      <li className="change-added">
        {what}
        {colon}
        <Inserted>{p.after}</Inserted>
      </li>
    );
  if (change.code === "party.removed" || change.code === "obligation.removed")
    return (
      <li className="change-removed">
        {what}
        {colon}
        <Deleted>{p.before}</Deleted>
      </li>
    );
  if (change.words)
    return (
      <li>
        {what}
        {colon}
        <Words parts={change.words} />
      </li>
    );
  return (
    <li>
      {what}
      {colon}
      {/* "Not stated" on either side is the absence of a clause, not text to strike or insert. */}
      {change.before ? <del>{p.before}</del> : <span className="muted">{p.before}</span>} <span aria-hidden="true">→</span>
      <span className="visually-hidden"> {t("agreements.changes.becomes")}</span>{" "}
      {change.after ? <ins>{p.after}</ins> : <span className="muted">{p.after}</span>}
    </li>
  );
}

/** A comparison of two versions, section by section; `headingLevel` fits it under the heading it sits beneath. */
export function VersionChanges({ changes, headingLevel = 3 }: { changes: AgreementChange[]; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation();
  if (changes.length === 0) return <p className="muted">{t("agreements.changes.none")}</p>;
  const Heading = headingLevel === 3 ? "h3" : "h4";
  const hasWords = changes.some((c) => c.words);
  return (
    <div className="redline">
      {CHANGE_SECTIONS.map((section) => {
        const inSection = changes.filter((c) => c.section === section);
        if (inSection.length === 0) return null;
        return (
          <section key={section} className="redline-section">
            <Heading>{t(CHANGE_SECTION_LABEL[section])}</Heading>
            <ul className="redline-list">
              {inSection.map((change, i) => (
                <ChangeLine key={`${change.code}-${i}`} change={change} />
              ))}
            </ul>
          </section>
        );
      })}
      {hasWords ? <p className="muted small">{t("agreements.changes.legend")}</p> : null}
    </div>
  );
}
