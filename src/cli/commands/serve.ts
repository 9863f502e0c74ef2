import { Option, type Command } from 'commander';
import { isSitrepError } from '../../core/errors.js';
import { createContext } from '../../pipeline.js';
import { buildServer } from '../../server/app.js';
import { ensureWebBuild, WEB_DIST, webBuilt, webBuildStale } from '../../server/web-build.js';
import { openStore } from '../../store/open-store.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function registerServe(program: Command): void {
  program.command('serve')
    .description('serve the API (/api, /docs) and the dashboard (/) over a store')
    .addOption(new Option('--port <port>', 'TCP port').default('8080'))
    .addOption(new Option('--host <host>', 'address to listen on (loopback by default)').default('127.0.0.1'))
    .addOption(new Option('--db <path>', 'SQLite database file').default('./sitrep.db'))
    .addOption(new Option('--token <token>', 'bearer token that POST /api/documents requires').env('SITREP_API_TOKEN'))
    .option('--cors-origin <origin>', 'the one browser origin allowed to call the API (CORS is closed without it)')
    .option('--web-root <dir>', 'serve this built dashboard instead of web/dist (never built for you)')
    .action(async (opts) => {
      const say = (m: string) => process.stderr.write(`sitrep: ${m}\n`);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        say(`--port must be a whole number from 0 to 65535, not "${opts.port}"`);
        process.exit(2);
      }
      if (opts.corsOrigin && !/^https?:\/\/[^/\s]+\/?$/i.test(opts.corsOrigin)) {
        say(`--cors-origin must be an origin such as https://example.org, not "${opts.corsOrigin}"`);
        process.exit(2);
      }
      const webRoot: string = opts.webRoot ?? WEB_DIST;
      if (!opts.webRoot && webBuildStale()) {
        say(`${webBuilt() ? 'rebuilding the dashboard: its sources changed' : 'building the dashboard'} (web/ → web/dist) ...`);
        const why = ensureWebBuild({ force: true });
        if (why) say(`${why}; ${webBuilt() ? 'serving the previous build' : 'the API runs without the dashboard'}: run \`npm run build:web\` and restart`);
      }
      let store: Awaited<ReturnType<typeof openStore>>;
      try {
        store = await openStore(opts.db);
      } catch (e) {
        say(isSitrepError(e) ? e.oneLine() : String(e));
        process.exit(1);
      }
      // Load what list and aggregate queries read before the first visitor asks.
      await store.countIncidents().catch(() => 0);
      const app = await buildServer({ store, context: () => createContext(), token: opts.token ?? null, corsOrigin: opts.corsOrigin ?? null, webRoot });
      try {
        await app.listen({ port, host: opts.host });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        say(code === 'EADDRINUSE' ? `port ${port} on ${opts.host} is in use: pick another with --port` : `cannot listen on ${opts.host}:${port}: ${(e as Error).message}`);
        await store.close();
        process.exit(1);
      }
      const address = app.server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      const shown = opts.host.includes(':') ? `[${opts.host}]` : opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
      const url = `http://${shown}:${actual}/`;
      process.stdout.write(`sitrep: dashboard at ${url}  (API docs ${url}docs; store ${opts.db})\n`);
      say(opts.token ? 'ingestion over HTTP is on: POST /api/documents with Authorization: Bearer <token>' : 'ingestion over HTTP is off (start with --token or SITREP_API_TOKEN to turn it on)');
      if (!LOOPBACK.has(opts.host)) say(`listening on ${opts.host}: anyone who can reach it can read the incidents`);
      say('press Ctrl+C to stop');
      const stop = async () => {
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
