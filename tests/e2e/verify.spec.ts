import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test, login } from "./fixtures";

// The public verification page gives one verdict at its top, for the code and the uploaded file together (issue 15:
// a file with one byte changed left "Genuine and valid" at the top with a small red line below).

/** Issues a new attestation as the compliance officer and downloads it: its code and its bytes. */
async function issueAndDownload(page: Page, tenant: string): Promise<{ code: string; pdf: Buffer }> {
  await login(page, "compliance_officer");
  await page.goto("/reports");
  await page.getByLabel("Tenant").selectOption({ label: tenant });
  await page.getByLabel("Language of the document").selectOption("en");
  await page.getByRole("button", { name: "Issue and sign" }).click();
  const notice = page.getByRole("status").filter({ hasText: "issued" });
  await expect(notice).toBeVisible();
  const code = /ATT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await notice.textContent())!)![0];
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: `Download PDF ${code}` }).click()]);
  return { code, pdf: readFileSync(await download.path()) };
}

/** The same file with one byte of its page content changed. */
function oneByteChanged(pdf: Buffer): Buffer {
  const copy = Buffer.from(pdf);
  const at = Math.floor(copy.length / 2);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

async function upload(page: Page, pdf: Buffer, name = "attestation.pdf") {
  await page.getByLabel("PDF file").setInputFiles({ name, mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Check the file" }).click();
}

/** Visible elements drawn in a green (text, background or border): none may be when the file is not the document. */
function greenElements(page: Page) {
  return page.evaluate(() => {
    const green = (value: string) => {
      const m = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(value);
      if (!m || (m[4] !== undefined && Number(m[4]) === 0)) return false;
      const [r, g, b] = [Number(m[1]) / 255, Number(m[2]) / 255, Number(m[3]) / 255];
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      if (max !== g || max - min < 0.03) return false;
      const hue = 60 * ((b - r) / (max - min) + 2);
      const lightness = (max + min) / 2;
      const saturation = (max - min) / (1 - Math.abs(2 * lightness - 1));
      return hue >= 75 && hue <= 170 && saturation > 0.2;
    };
    return [...document.querySelectorAll("body *")]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (box.width === 0 || box.height === 0 || style.visibility === "hidden") return false;
        const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "");
        return (
          (hasText && green(style.color)) ||
          green(style.backgroundColor) ||
          (style.borderTopWidth !== "0px" && style.borderTopStyle !== "none" && green(style.borderTopColor))
        );
      })
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

const verdict = (page: Page) => page.getByTestId("verdict");

test("genuine: the code alone says the file was not checked; the issued file is genuine, byte for byte", async ({ page }) => {
  const { code, pdf } = await issueAndDownload(page, "Genovia Biotech SA");
  await page.goto(`/verify/${code}`);
  await expect(verdict(page)).toHaveAttribute("data-verdict", "genuine");
  await expect(verdict(page)).toContainText("Genuine and valid");
  await expect(verdict(page)).toContainText("The file itself was not checked");
  await upload(page, pdf);
  await expect(verdict(page)).toContainText("This file is, byte for byte, the document Attest issued under");
  await expect(verdict(page)).toHaveAttribute("data-verdict", "genuine");
  await expect(verdict(page)).toHaveClass(/alert-success/);
  // The check below finds green where there is some.
  expect((await greenElements(page)).length).toBeGreaterThan(0);
  await expect(page.getByRole("main")).toContainText("SHA-256 of the file checked");
  await expect(page.locator(".alert-error")).toHaveCount(0);
  // The page without a code reads the code from the file and says the same.
  await page.goto("/verify");
  await upload(page, pdf);
  await expect(verdict(page)).toHaveAttribute("data-verdict", "genuine");
  await expect(verdict(page)).toContainText(code);
});

test("one byte changed: one red verdict at the top and no green anywhere, with the code and without it", async ({ page }) => {
  const { code, pdf } = await issueAndDownload(page, "Genovia Biotech SA");
  const changed = oneByteChanged(pdf);
  for (const path of [`/verify/${code}`, "/verify"]) {
    await page.goto(path);
    await upload(page, changed);
    await expect(verdict(page)).toHaveAttribute("data-verdict", "not_this_document");
    await expect(verdict(page)).toContainText(`This file is not the document issued under ${code}`);
    await expect(verdict(page)).toContainText("It was changed after it was signed.");
    await expect(verdict(page)).toHaveClass(/alert-error/);
    await expect(page.getByText(/Genuine and valid/)).toHaveCount(0);
    await expect(page.locator(".alert-success")).toHaveCount(0);
    expect(await greenElements(page), `green on ${path}`).toEqual([]);
    // One verdict: nothing else on the page reads as one.
    await expect(page.getByRole("status")).toHaveCount(1);
  }
});

test("revoked: the code alone, the issued file, and a changed file of a revoked document", async ({ page }) => {
  const { code, pdf } = await issueAndDownload(page, "Kairos GPU Cloud GmbH");
  await page.getByRole("link", { name: `Revoke ${code}` }).click();
  await page.getByLabel("Reason for revoking").fill("Issued for the wrong tenant contact");
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page).toHaveURL(/\/reports$/);

  await page.goto(`/verify/${code}`);
  await expect(verdict(page)).toHaveAttribute("data-verdict", "revoked");
  await expect(verdict(page)).toContainText("Issued for the wrong tenant contact");
  await expect(verdict(page)).toContainText("The file itself was not checked.");
  await upload(page, pdf);
  await expect(verdict(page)).toHaveAttribute("data-verdict", "revoked");
  await expect(verdict(page)).toContainText(`This file is the document issued under ${code}, but it was revoked`);
  expect(await greenElements(page)).toEqual([]);

  await upload(page, oneByteChanged(pdf));
  await expect(verdict(page)).toHaveAttribute("data-verdict", "not_this_document");
  await expect(verdict(page)).toContainText("was, moreover, revoked");
  expect(await greenElements(page)).toEqual([]);
});

test("unknown code: typed on the form or in the address, and an unsigned file", async ({ page }) => {
  await page.goto("/verify");
  await page.getByLabel("Verification code").fill("ATT-0000-0000-0000");
  await page.getByRole("button", { name: "Check the code" }).click();
  await expect(page).toHaveURL(/\/verify\/ATT-0000-0000-0000$/);
  await expect(verdict(page)).toHaveAttribute("data-verdict", "unknown_code");
  await expect(verdict(page)).toContainText("Unknown code");
  await expect(verdict(page)).toContainText("No document has this code.");
  await expect(page.getByLabel("PDF file")).toHaveCount(0);
  expect(await greenElements(page)).toEqual([]);

  await page.goto("/verify");
  await upload(page, Buffer.from("%PDF-1.7\n% not signed\n%%EOF\n"), "forged.pdf");
  await expect(verdict(page)).toHaveAttribute("data-verdict", "not_this_document");
  await expect(verdict(page)).toContainText("This file is not a document issued by Attest");
  await expect(verdict(page)).toContainText("It carries no Attest signature.");
});

test("in French: the same verdicts, in French", async ({ page }) => {
  const { code, pdf } = await issueAndDownload(page, "Genovia Biotech SA");
  await page.goto(`/verify/${code}`);
  await page.getByRole("button", { name: "Français" }).click();
  await expect(verdict(page)).toContainText("Authentique et valide");
  await expect(verdict(page)).toContainText("Le fichier lui-même n’a pas été vérifié");
  await page.getByLabel("Fichier PDF").setInputFiles({ name: "a.pdf", mimeType: "application/pdf", buffer: oneByteChanged(pdf) });
  await page.getByRole("button", { name: "Vérifier le fichier" }).click();
  await expect(verdict(page)).toContainText(`Ce fichier n’est pas le document émis sous le code ${code}`);
  await expect(verdict(page)).toContainText("Il a été modifié après sa signature.");
  expect(await greenElements(page)).toEqual([]);
  await page.getByLabel("Fichier PDF").setInputFiles({ name: "a.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Vérifier le fichier" }).click();
  await expect(verdict(page)).toContainText("Ce fichier est, octet par octet, le document émis par Attest");
  await page.getByRole("button", { name: "English" }).click();
  await expect(verdict(page)).toContainText("Genuine and valid");
});
