/**
 * Generated documents for fuzzing the ingest readers and `extract`: word soup, mutated reports, attack sentences
 * with numbers and dates at the edges, right-to-left and mixed scripts, long lines, random and broken bytes,
 * HTML nested thousands of levels deep, JSON Lines with odd fields. Every text here was written for sitrep.
 */
import fc from 'fast-check';

/** Short reports written for the fuzzer; mutations start from them. */
export const BASE_REPORTS: readonly string[] = [
  'Two rockets struck the Ain al-Asad air base in Anbar province on Monday, a U.S. official said. One rocket was intercepted and there were no casualties.',
  'BAGHDAD (Wire) — A drone attack on Erbil airport injured three contractors late on Tuesday, the Kurdistan Region counter-terrorism service said in a statement.\n\nThe Islamic Resistance in Iraq claimed responsibility.',
  'At least a dozen mortar rounds hit a market in Kharkiv on 3 March 2024, killing four people and wounding 17, according to the regional governor. Russia denied targeting civilians.',
  'Title: Shelling near the dam\nPublished: 2023-11-02\n\nArtillery shells landed near the dam overnight. Officials said dozens of homes were damaged but nobody was hurt.',
  'Gunmen ambushed a police convoy on the road north of the village, killing two officers, the interior ministry said. No group has claimed the attack, which came a week after a similar ambush.',
  'Houthi forces launched a ballistic missile and three drones at a ship in the Red Sea on Friday; all were shot down by a coalition warship, the coalition said.',
];

export const EDGE_NUMBERS: readonly string[] = [
  '1e308', '-1e308', '1e309', '-0', '0', '-1', '99999999999999999999', '9007199254740993', '1e-324', 'NaN', 'Infinity', '1.5', '0.0001',
  '0x1F', '1,000,000,000,000,000', '1.000.000', '٣', '۴۵', '三', '½', '⅓', 'two hundred thousand million', 'a billion billion',
  '9'.repeat(400), '007', 'twenty-twenty-twenty', 'zero', 'minus three', 'at least -5', 'between 10 and 2', 'dozens of dozens',
];

export const EDGE_DATES: readonly string[] = [
  '31/02/2023', '2023-02-30', '29 February 2023', '30 February', '00/00/0000', '9999-12-31', '0001-01-01', '1970-01-01', '32 January 2024',
  '2024-13-01', '12/13/14', 'Monday 30 February', 'yesterday', 'next week', 'in 1999', '2038-01-19T03:14:08Z', 'the 0th of May',
  'Sunday, Sunday, Sunday', 'March 2024 2023 2022', '-2024-01-01', '275760-09-13', 'last Monday week', 'on 31 April',
];

export const SCRIPTS: readonly string[] = [
  'مقتل ثلاثة في هجوم بطائرة مسيرة على قاعدة', 'שתי רקטות נורו לעבר הבסיס', 'دو پهپاد به پایگاه حمله کردند', 'Две ракеты', 'İki roket',
  '\u202eevil\u202c', '\u200f', '\u200e', '\u061c', '\u2066isolate\u2069', 'ﷺ', 'Z̴̡͓a̸l̷g̵o̴', '😀💥🚀', '👨‍👩‍👧', '\ud800', '\udfff', '\u0000',
  '\uFEFF', '\u2028', '\u2029', 'İstanbul', 'ß', 'ǅ', '\u00a0', '\u3000', '家', 'Erbil\u0301', 'ﬁve', 'Ⅻ', '\r', '\r\n', '\t', '\f', '\v',
];

const WORDS: readonly string[] = [
  'rockets', 'rocket', 'drone', 'drones', 'missile', 'mortar', 'struck', 'hit', 'killed', 'killing', 'injured', 'wounded', 'at least',
  'two', 'three', 'dozens', 'a few', 'intercepted', 'shot down', 'claimed', 'responsibility', 'Erbil', 'Baghdad', 'Kyiv', 'al-Asad',
  'Anbar', 'Syria', 'Iraq', 'Islamic State', 'Hezbollah', 'Houthi', 'said', 'officials', 'a U.S. official', 'told Reuters', 'Monday',
  'on', 'in', 'the', 'a', 'base', 'province', 'near', 'air base', 'attack', 'not an attack', 'exercise', 'film', 'memorial', '.', ',',
  ';', ':', '“', '”', '"', "'", '(', ')', '—', '-', '\n', '\n\n', ' ', 'Title:', 'Published:', 'According to', 'PressTV', 'citing',
];

const WEAPONS = ['rockets', 'drones', 'ballistic missiles', 'mortar rounds', 'shells', 'one-way attack drones', 'IEDs', 'grenades'];
const PLACES = ['Erbil', 'Ain al-Asad air base', 'Kharkiv', 'the port of Hodeidah', 'Tal Baydar', 'Deir ez-Zor', 'Baghdad airport', 'the dam'];
const SPEAKERS = ['a U.S. official said', 'PressTV reported', 'the ministry said', 'according to the governor', 'militants claimed', 'state media said, citing sources'];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

export const fragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: pick(WORDS) },
  { weight: 2, arbitrary: pick(EDGE_NUMBERS) },
  { weight: 2, arbitrary: pick(EDGE_DATES) },
  { weight: 2, arbitrary: pick(SCRIPTS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** Word soup: domain words, edge values and noise. */
export const soup = fc.array(fc.tuple(fragment, pick([' ', ' ', ' ', '', '\n', '. ', ', '])), { maxLength: 120 }).map((parts) => parts.map(([w, sep]) => w + sep).join(''));

/** An attack sentence whose slots take edge numbers, edge dates and odd places. */
export const attackSentence = fc
  .record({
    n: fc.oneof(pick(EDGE_NUMBERS), fc.integer({ min: -5, max: 10_000 }).map(String)),
    k: fc.oneof(pick(EDGE_NUMBERS), fc.nat(500).map(String)),
    w: pick(WEAPONS),
    p: fc.oneof(pick(PLACES), pick(SCRIPTS)),
    d: pick(EDGE_DATES),
    s: pick(SPEAKERS),
  })
  .map(({ n, k, w, p, d, s }) => `${n} ${w} struck ${p} on ${d}, killing ${k} people and injuring ${n}, ${s}.`);

type Mutation = { kind: 'insert' | 'delete' | 'duplicate' | 'replace' | 'truncate' | 'swapcase'; at: number; len: number; with: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: pick(['insert', 'delete', 'duplicate', 'replace', 'truncate', 'swapcase'] as const),
  at: fc.nat(),
  len: fc.nat(80),
  with: fc.oneof(fragment, attackSentence),
});

function applyMutation(text: string, m: Mutation): string {
  const at = text.length ? m.at % (text.length + 1) : 0;
  const end = Math.min(text.length, at + m.len);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.with + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(end);
    case 'duplicate':
      return text.slice(0, end) + text.slice(at, end) + text.slice(end);
    case 'replace':
      return text.slice(0, at) + m.with + text.slice(end);
    case 'truncate':
      return text.slice(0, at);
    case 'swapcase':
      return text.slice(0, at) + text.slice(at, end).toUpperCase() + text.slice(end);
  }
}

/** A written report, mutated a few times. */
export const mutatedReport = fc.tuple(pick(BASE_REPORTS), fc.array(mutation, { maxLength: 8 })).map(([base, ms]) => ms.reduce(applyMutation, base));

/** Options for the larger inputs: the CI run keeps them small, the nightly run does not. */
export interface Scale {
  /** Longest single line, in characters. */
  maxLine: number;
}

export const CI_SCALE: Scale = { maxLine: 20_000 };
export const NIGHTLY_SCALE: Scale = { maxLine: 200_000 };

/** A line with no break, built by repeating a fragment. */
export const longLine = (scale: Scale) =>
  fc.tuple(fc.oneof(fragment, attackSentence), fc.integer({ min: 1_000, max: scale.maxLine })).map(([f, n]) => {
    const unit = f || 'x';
    return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  });

/** Any text document. */
export const textDocument = (scale: Scale = CI_SCALE): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: soup },
    { weight: 4, arbitrary: mutatedReport },
    { weight: 3, arbitrary: fc.array(attackSentence, { minLength: 1, maxLength: 6 }).map((s) => s.join(' ')) },
    { weight: 1, arbitrary: longLine(scale) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n\n\n', '\u0000', '.', '\uFEFF') },
  );

// ---- bytes ----------------------------------------------------------------------------------------

const INVALID_UTF8: readonly number[][] = [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xff], [0xfe], [0xe2, 0x82], [0xf0, 0x9f, 0x92], [0x80], [0xc3]];
const CHARSETS = ['utf-8', 'windows-1256', 'windows-1255', 'iso-8859-8', 'koi8-r', 'x-bogus', 'utf-16', 'utf-16le', 'gb18030', ''];
const TAGS = ['div', 'span', 'p', 'b', 'table', 'section', 'article', 'li', 'td', 'blockquote', 'font', 'a'];

function utf8(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf8'));
}

/** Valid text with invalid UTF-8 sequences spliced in. */
const brokenUtf8 = fc.tuple(textDocument(), fc.array(fc.tuple(fc.nat(), pick(INVALID_UTF8)), { maxLength: 10 })).map(([t, cuts]) => {
  let bytes = Array.from(utf8(t));
  for (const [at, seq] of cuts) {
    const i = bytes.length ? at % bytes.length : 0;
    bytes = [...bytes.slice(0, i), ...seq, ...bytes.slice(i)];
  }
  return new Uint8Array(bytes);
});

const utf16 = fc.tuple(textDocument(), fc.boolean()).map(([t, le]) => {
  const body = Buffer.from(t, 'utf16le');
  if (!le) body.swap16();
  return new Uint8Array(Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), body]));
});

/** HTML pages: nested up to `maxDepth` levels, odd charsets, broken markup, scripts and entities. */
export const htmlPage = (maxDepth: number) =>
  fc
    .record({
      depth: fc.oneof({ weight: 5, arbitrary: fc.nat(20) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: maxDepth }) }),
      tag: pick(TAGS),
      close: fc.boolean(),
      charset: pick(CHARSETS),
      title: fc.oneof(fragment, attackSentence),
      body: textDocument(),
      extra: fc.array(pick(['<script>var x = "</p>";</script>', '<style>p{}</style>', '&amp;', '&nbsp;', '&#0;', '&#xD800;', '&bogus;', '<![CDATA[x]]>', '<!-- c -->', '<p', '</div></div>', '<br/>', '<img src=x onerror=1>', '<meta property="article:published_time" content="2023-02-30">', '<time datetime="31/02/2023">', '<script type="application/ld+json">{"datePublished":"1e308"}</script>']), { maxLength: 6 }),
    })
    .map(({ depth, tag, close, charset, title, body, extra }) => {
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      const open = `<${tag}>`.repeat(depth);
      const shut = close ? `</${tag}>`.repeat(depth) : '';
      const meta = charset ? `<meta charset="${charset}">` : '';
      return `<!DOCTYPE html><html lang="en"><head>${meta}<title>${esc(title)}</title></head><body>${open}<p>${esc(body)}</p>${extra.join('')}${shut}</body></html>`;
    });

/** JSON Lines: good lines, lines with odd field types and values, and garbage. */
export const jsonlBatch = fc
  .array(
    fc.oneof(
      fc.record({ id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), text: textDocument(), published: fc.oneof(pick(EDGE_DATES), fc.constant('2024-01-02')) }).map((r) => JSON.stringify(r)),
      fc.record({ id: fc.string(), html: htmlPage(50), title: fragment, outlet: fragment, language: fc.oneof(fc.constant('ar'), fc.constant('en-GB'), fragment) }).map((r) => JSON.stringify(r)),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 60 }),
      fc.constant('['.repeat(5000) + ']'.repeat(5000)),
    ),
    { maxLength: 6 },
  )
  .map((lines) => lines.join('\n'));

/** Bytes for the ingest readers. */
export const inputBytes = (maxDepth = 2_000): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2_000 }) },
    { weight: 2, arbitrary: brokenUtf8 },
    { weight: 1, arbitrary: utf16 },
    { weight: 3, arbitrary: textDocument().map(utf8) },
    { weight: 3, arbitrary: htmlPage(maxDepth).map(utf8) },
    { weight: 2, arbitrary: jsonlBatch.map(utf8) },
  );
