// npm run attest:verify -- file.pdf [--keys keys.json|URL] [--offline]
// Checks a residency attestation's signature with the issuer's published keys, then asks the issuer whether it was
// revoked. --keys uses a saved /.well-known/attest-keys.json; --offline skips every network call.
import { readFileSync } from "node:fs";
import { describeVerdict, verifyAttestationFile } from "./verify-attestation";

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && args[args.indexOf(a) - 1] !== "--keys");
const keysAt = args.includes("--keys") ? args[args.indexOf("--keys") + 1] : undefined;
if (!file) {
  console.error("usage: npm run attest:verify -- file.pdf [--keys keys.json|URL] [--offline]");
  process.exit(2);
}
try {
  const keySet = keysAt ? (/^https?:\/\//.test(keysAt) ? await fetchJson(keysAt) : JSON.parse(readFileSync(keysAt, "utf8"))) : undefined;
  const verdict = await verifyAttestationFile(readFileSync(file), { keySet, offline: args.includes("--offline"), fetchJson });
  const { ok, lines } = describeVerdict(verdict);
  for (const line of lines) (ok ? console.log : console.error)(line);
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.error(`Cannot verify ${file}: ${(error as Error).message}`);
  process.exitCode = 1;
}
