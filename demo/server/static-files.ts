/**
 * Serves files from one directory with safe path resolution: no `..` traversal, no symlinks that
 * leave the root, no dotfiles. Paths without an extension fall back to `index.html` for browsers
 * (client-side routing of the admin app).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { HttpError } from './http-json';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * The absolute file path for a URL pathname inside `root`, or null when the path is not servable.
 * Throws HttpError 400 on undecodable paths.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // Malformed %-escapes are the client's mistake, not a crash: report them.
    throw new HttpError(400, 'malformed URL path');
  }
  if (decoded.includes('\0')) return null;
  const segments = decoded.split(/[\\/]+/).filter((segment) => segment !== '');
  if (segments.some((segment) => segment.startsWith('.'))) return null; // `..`, `.env`, `.git`
  const base = path.resolve(root);
  const target = path.resolve(base, ...segments);
  return target === base || target.startsWith(base + path.sep) ? target : null;
}

async function fileIn(root: string, target: string): Promise<string | null> {
  try {
    const info = await stat(target);
    const file = info.isDirectory() ? path.join(target, 'index.html') : target;
    if (!(await stat(file)).isFile()) return null;
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    return realFile.startsWith(realRoot + path.sep) ? realFile : null;
  } catch (error) {
    // ENOENT/ENOTDIR are the ordinary "not found"; anything else is worth surfacing.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/** Serves the file for `pathname` from `root`; false when there is none (the caller sends 404). */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathname: string,
  headers: Record<string, string>,
): Promise<boolean> {
  const target = resolveStaticPath(root, pathname);
  if (target === null) return false;
  let file = await fileIn(root, target);
  const wantsHtml = (req.headers.accept ?? '').includes('text/html');
  if (file === null && wantsHtml && path.extname(target) === '') {
    file = await fileIn(root, path.join(path.resolve(root), 'index.html'));
  }
  if (file === null) return false;
  const info = await stat(file);
  res.writeHead(200, {
    ...headers,
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const input = createReadStream(file);
    input.on('error', () => {
      // Headers are gone already; cutting the connection is the only honest signal left.
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      input.destroy();
      resolve();
    });
    input.pipe(res);
  });
  return true;
}
