import type { Span } from '../../core/span.js';

export type ZoneKind = 'title' | 'body' | 'caption' | 'credit' | 'footer';

export interface Zone {
  span: Span;
  kind: ZoneKind;
  /** Why this block got its kind: the rule name, for `explain`. */
  rule: string;
}

const CREDIT = /(\bvia Getty\b|\bGetty Images\b|\bAP Photo\b|\bAFP\b\s*(?:photo|$)|\/\s*(?:AFP|Reuters|AP|EPA|Getty)\b|\b(?:AFP|Reuters|AP|EPA)\s*\/|\bPhoto(?:graph)?:|\bImage:|\bCredit:|,\s*file\s*$)/i;
const CAPTION_START = /^(?:File\s*\/|File photo\b|FILE\b[\s:-]|A (?:picture|photo|photograph|handout picture) (?:taken|shows|released)|Photo:|Pictured:)/i;
const CAPTION_END = /\((?:[^()]*\b(?:AFP|Getty|Reuters|AP Photo|EPA|via)\b[^()]*)\)\s*$/;
const FOOTER = /(let us know|commenting|\bsubscribe\b|newsletter|all rights reserved|copyright|©|follow us on|sign up for|click here|share this (?:article|story)|read more:|related:|advertisement)/i;
const TERMINAL = /[.!?"”’)\]]\s*$/;

interface Block { start: number; end: number; textOf: string }

function blocks(text: string): Block[] {
  const out: Block[] = [];
  const re = /[^\n]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const start = m.index + lead;
    out.push({ start, end: start + trimmed.length, textOf: trimmed });
  }
  return out;
}

/**
 * Split the text into line blocks and say what each is. Captions, photo credits and page footers are
 * kept as zones so that no stage reads an event (or a years-old date) out of them.
 */
export function classifyZones(text: string, title: string | null): Zone[] {
  const bs = blocks(text);
  const zones: Zone[] = bs.map((b) => ({ span: { start: b.start, end: b.end }, kind: 'body' as ZoneKind, rule: 'default-body' }));
  bs.forEach((b, i) => {
    const t = b.textOf;
    const z = zones[i];
    const short = t.length < 160;
    if (i === 0 && bs.length > 1 && ((title && t === title.trim()) || (short && !TERMINAL.test(t)))) {
      z.kind = 'title'; z.rule = title && t === title.trim() ? 'title-matches-meta' : 'first-line-without-terminal-punctuation';
    } else if (CAPTION_START.test(t)) {
      z.kind = 'caption'; z.rule = 'caption-file-photo-prefix';
    } else if (CAPTION_END.test(t)) {
      z.kind = 'caption'; z.rule = 'caption-ends-with-photo-credit';
    } else if (short && CREDIT.test(t) && t.split(/\s+/).length <= 14) {
      z.kind = 'credit'; z.rule = 'photo-credit-line';
    } else if (t.length < 200 && FOOTER.test(t)) {
      z.kind = 'footer'; z.rule = 'page-footer-phrase';
    }
  });
  // A block right before a credit line, that does not end a sentence, is that photo's caption.
  for (let i = 1; i < zones.length; i++) {
    const prev = zones[i - 1];
    if (zones[i].kind === 'credit' && prev.kind === 'body' && (!TERMINAL.test(bs[i - 1].textOf) || bs[i - 1].textOf.length < 300)) {
      prev.kind = 'caption'; prev.rule = 'caption-before-credit-line';
    }
  }
  return zones;
}
