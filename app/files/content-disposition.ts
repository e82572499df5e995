/**
 * `Content-Disposition: attachment` for a stored file's name: only its last path segment (a name like
 * "../../etc/passwd.pdf" is just a name), an ASCII fallback, and the exact UTF-8 name (RFC 6266 / 5987) so that
 * "Procès-verbal été.pdf" keeps its accents.
 */
export function attachmentHeader(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop()?.trim() || "download";
  const ascii = base
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\w.-]+/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}
