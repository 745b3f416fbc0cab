/**
 * The file name a `Content-Disposition` header names: `filename*` (RFC 5987, UTF-8 percent-encoded) wins over
 * `filename`; quotes are removed and any path is cut to its last segment. Undefined when the header names none.
 */
export function fileNameFromDisposition(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2] !== undefined) {
    try {
      return baseName(decodeURIComponent(extended[2].trim().replace(/^"|"$/g, '')));
    } catch {
      // Malformed percent-encoding: fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;\s]+)/i.exec(header);
  if (plain === null) return undefined;
  const value = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1];
  return value === undefined || value === '' ? undefined : baseName(value);
}

function baseName(name: string): string {
  return name.split(/[\\/]/).at(-1) ?? name;
}
