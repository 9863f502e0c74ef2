/** Where the built dashboard lives, and building it with Vite when it is missing. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_DIST = join(REPO_ROOT, 'web', 'dist');

export function webBuilt(dist = WEB_DIST): boolean {
  return existsSync(join(dist, 'index.html'));
}

/** True when web/dist is missing or older than a source of the dashboard (web/src, web/index.html, the Vite config). */
export function webBuildStale(dist = WEB_DIST): boolean {
  if (!webBuilt(dist)) return true;
  const built = statSync(join(dist, 'index.html')).mtimeMs;
  const newest = (path: string): number => {
    const st = statSync(path);
    if (!st.isDirectory()) return st.mtimeMs;
    return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
  };
  const web = join(REPO_ROOT, 'web');
  return ['src', 'index.html', 'vite.config.ts'].some((p) => existsSync(join(web, p)) && newest(join(web, p)) > built);
}

/**
 * Build web/ into web/dist with Vite unless it is there already (and, with `force`, even then). Returns null on success, else why it could not
 * (Vite missing, the build failing), for the caller to tell the user.
 */
export function ensureWebBuild(opts: { force?: boolean; quiet?: boolean } = {}): string | null {
  if (!opts.force && webBuilt()) return null;
  let vite: string;
  try {
    // Vite's exports map hides bin/; its package.json says where the command is.
    const pkgPath = createRequire(import.meta.url).resolve('vite/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin?: string | Record<string, string> };
    vite = join(dirname(pkgPath), typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.vite ?? 'bin/vite.js');
  } catch {
    return 'Vite is not installed (npm install, with dev dependencies)';
  }
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(REPO_ROOT, 'web', 'vite.config.ts'), '--logLevel', opts.quiet ? 'error' : 'warn'], {
    cwd: REPO_ROOT,
    stdio: opts.quiet ? ['ignore', 'ignore', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0 || !webBuilt()) return `the dashboard build failed${r.stderr ? `: ${r.stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`;
  return null;
}
