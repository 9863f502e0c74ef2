/** The dashboard's entry: one router over the URL's hash; each view reads its state from there. */
import 'leaflet/dist/leaflet.css';
import './styles.css';
import { ApiFailure, getJson, type Dossier, type DocumentView } from './api';
import { renderBrief } from './brief';
import { clear, h } from './dom';
import { renderDocument } from './document';
import { renderDossier } from './dossier';
import { Overview } from './overview';
import { parseHash } from './state';

const app = document.getElementById('app')!;
const errorBox = document.getElementById('error')!;
const page = h('div', { class: 'page' });

function showError(e: unknown): void {
  const msg = e instanceof ApiFailure ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e);
  errorBox.textContent = msg;
  errorBox.hidden = false;
}

const overview = new Overview({ showError });
app.append(overview.root, page);
let seq = 0;

async function route(): Promise<void> {
  const r = parseHash(location.hash);
  const mine = ++seq;
  errorBox.hidden = true;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) a.classList.toggle('active', a.dataset.nav === (r.name === 'brief' ? 'brief' : 'overview'));
  document.body.dataset.view = r.name;
  if (r.name === 'overview') {
    overview.root.hidden = false;
    page.hidden = true;
    document.title = 'sitrep: incidents';
    await overview.show(r.params);
    return;
  }
  overview.root.hidden = true;
  page.hidden = false;
  clear(page);
  page.appendChild(h('p', { class: 'loading' }, 'Loading…'));
  try {
    let view: HTMLElement;
    if (r.name === 'incident') {
      const d = await getJson<Dossier>(`/api/incidents/${encodeURIComponent(r.id!)}`);
      view = renderDossier(d, r.params);
      document.title = `sitrep: ${d.incident.incident_id}`;
    } else if (r.name === 'document') {
      const d = await getJson<DocumentView>(`/api/documents/${encodeURIComponent(r.id!)}`);
      view = renderDocument(d, r.params);
      document.title = `sitrep: ${d.title ?? d.id}`;
    } else {
      view = await renderBrief(r.params);
      document.title = 'sitrep: briefing';
    }
    if (mine !== seq) return;
    clear(page);
    page.appendChild(view);
    if (!r.params.get('span')) window.scrollTo(0, 0);
  } catch (e) {
    if (mine !== seq) return;
    clear(page);
    page.appendChild(h('p', { class: 'empty' }, e instanceof ApiFailure && e.status === 404 ? 'Not found: ' : 'Could not load this view: ', e instanceof Error ? e.message : String(e)));
    page.appendChild(h('p', null, h('a', { href: '#/' }, '← back to the incidents')));
  }
}

window.addEventListener('hashchange', () => void route());
void route();
