/** POSIX path arithmetic for the browser host (the same results as Node's path.posix for absolute paths). */

function normalizeParts(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(part);
  }
  const body = out.join('/');
  return absolute ? `/${body}` : body || '.';
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  if (joined === '') return '.';
  const normalized = normalizeParts(joined);
  // As path.posix.join, a trailing slash stays.
  return joined.endsWith('/') && !normalized.endsWith('/') ? `${normalized}/` : normalized;
}

/** Resolves against the browser host's working directory, '/'. */
export function resolve(...parts: string[]): string {
  let path = '';
  for (let i = parts.length - 1; i >= 0 && !isAbsolute(path); i--) if (parts[i] !== '') path = path ? `${parts[i]}/${path}` : parts[i];
  return normalizeParts(isAbsolute(path) ? path : `/${path}`);
}

/** As path.posix.dirname: everything before the last segment (trailing slashes ignored), not normalized. */
export function dirname(path: string): string {
  if (path === '') return '.';
  let end = -1;
  let inLastSegment = true;
  for (let i = path.length - 1; i >= 1; i--) {
    if (path[i] === '/') {
      if (!inLastSegment) {
        end = i;
        break;
      }
    } else inLastSegment = false;
  }
  if (end === -1) return path[0] === '/' ? '/' : '.';
  return path.slice(0, end);
}

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
