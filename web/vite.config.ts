import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard: plain TypeScript, built into web/dist, which `sitrep serve` hosts at /. Everything it needs is
// bundled (Leaflet, Observable Plot, the world-atlas outline); nothing is fetched from elsewhere at run time.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The page's CSP allows its own scripts only: no inline polyfill.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/docs': 'http://127.0.0.1:8080', '/openapi.json': 'http://127.0.0.1:8080' } },
});
