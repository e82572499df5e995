import { cleanFileName } from "./file-name";

/**
 * `Content-Disposition: attachment` for a stored file's name: only its last path segment (a name like
 * "../../etc/passwd.pdf" is just a name), an ASCII fallback, and the exact UTF-8 name (RFC 6266 / 5987) so that
 * "Procès-verbal été.pdf" keeps its accents. Control and bidirectional characters are dropped (cleanFileName), also
 * from names stored before uploads were cleaned.
 */
export function attachmentHeader(fileName: string): string {
  const base = cleanFileName(fileName.split(/[/\\]/).pop() ?? "", "download");
  const ascii = base
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\w.-]+/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}
