import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createDocument } from '../../core/document.js';
import { readInputs, type IngestItem, type ReadInputsOptions } from './read-inputs.js';

const FIXTURES = relative(process.cwd(), fileURLToPath(new URL('../../../fixtures/ingest/', import.meta.url)));
const fx = (name: string): string => join(FIXTURES, name);

async function collect(inputs: string[], opts: ReadInputsOptions = {}): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for await (const item of readInputs(inputs, opts)) out.push(item);
  return out;
}

function docs(items: IngestItem[]) {
  return items.flatMap((i) => (i.ok ? [i.doc] : []));
}
function errors(items: IngestItem[]) {
  return items.flatMap((i) => (i.ok ? [] : [i.error]));
}

describe('readInputs: JSONL', () => {
  test('good lines come through around bad ones, each error with its line number', async () => {
    const path = fx('batch.jsonl');
    const items = await collect([path]);
    // Line 6 is blank and skipped; lines 1, 4 and 7 are good; 2, 3 and 5 are bad.
    assert.deepEqual(
      items.map((i) => (i.ok ? `ok ${i.doc.source}` : `${i.error.code} ${i.error.line}`)),
      [`ok ${path}:1`, 'INPUT_MALFORMED 2', 'INPUT_MALFORMED 3', `ok ${path}:4`, 'INPUT_MALFORMED 5', `ok ${path}:7`],
    );
    const [notJson, noText, badDate] = errors(items);
    assert.match(notJson.message, /^not JSON \(.+\)$/);
    assert.equal(notJson.oneLine(), `${path}:2: ${notJson.message} [INPUT_MALFORMED]`);
    assert.equal(noText.message, 'missing both "text" and "html"');
    assert.equal(noText.input, path);
    assert.match(badDate.message, /invalid "published" date "2024-02-30"/);
  });

  test('line metadata: ISO timestamp reduced to the UTC date, language to 2 letters, numeric id, html lines', async () => {
    const [first, fourth, seventh] = docs(await collect([fx('batch.jsonl')]));
    assert.deepEqual(first, {
      text: 'Two drones struck a grain silo near Marren on Sunday night, the district police said. Nobody was hurt.',
      id: 'valley-001',
      url: null,
      title: 'Drones hit grain silo',
      outlet: 'Marren Daily',
      published: '2024-05-12',
      language: 'en',
      source: `${fx('batch.jsonl')}:1`,
    });
    assert.equal(fourth.id, '4');
    assert.equal(fourth.text, 'Shelling damaged a school in Korvin on Monday, local officials said.');
    assert.equal(fourth.url, 'https://example.org/korvin-school');
    assert.equal(seventh.id, null);
    assert.match(createDocument(seventh).meta.id, /^doc-[0-9a-f]{16}$/);
  });

  test('--published and --outlet fill only what a line lacks', async () => {
    const [first, fourth, seventh] = docs(await collect([fx('batch.jsonl')], { published: '2024-07-01T02:00:00+05:00', outlet: 'Flag Wire' }));
    assert.equal(first.published, '2024-05-12');
    assert.equal(first.outlet, 'Marren Daily');
    assert.equal(fourth.outlet, 'Flag Wire');
    assert.equal(seventh.published, '2024-06-30');
    assert.equal(seventh.outlet, 'Flag Wire');
  });

  test('a line of the wrong shape says why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sitrep-ingest-'));
    try {
      const p = join(dir, 'shapes.jsonl');
      await writeFile(p, ['[1,2]', '{"text": 5}', '{"text": "   "}', '{"html": "<p></p>"}', '{"text": "ok"}'].join('\r\n'));
      const items = await collect([p]);
      assert.deepEqual(
        items.map((i) => (i.ok ? 'ok' : `${i.error.line} ${i.error.code} ${i.error.message}`)),
        [
          '1 INPUT_MALFORMED not a JSON object',
          '2 INPUT_MALFORMED "text" must be a string',
          '3 INPUT_EMPTY "text" is empty',
          '4 INPUT_EMPTY HTML page has no readable text',
          'ok',
        ],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readInputs: text files', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sitrep-ingest-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('header lines become metadata and leave the text', async () => {
    const [doc] = docs(await collect([fx('headed-report.txt')]));
    assert.equal(doc.title, 'Overnight drone raid on Petrovo');
    assert.equal(doc.outlet, 'Plains Herald');
    assert.equal(doc.published, '2024-06-01');
    assert.equal(doc.url, 'https://herald.example/petrovo');
    assert.ok(doc.text.startsWith('Four drones were shot down over Petrovo overnight'));
    assert.ok(!doc.text.includes('Title:'));
    assert.equal(doc.source, fx('headed-report.txt'));
  });

  test('CRLF and CR become LF and a BOM is dropped before the document exists', async () => {
    const p = join(dir, 'windows.txt');
    await writeFile(p, '\uFEFFTitle: Raid\r\n\r\nFirst line.\r\nSecond line.\rThird line.\r\n');
    const [doc] = docs(await collect([p]));
    assert.equal(doc.text, 'First line.\nSecond line.\nThird line.\n');
    assert.equal(doc.title, 'Raid');
  });

  test('a first line with a colon that is not a header keeps the text whole', async () => {
    const p = join(dir, 'dateline.md');
    await writeFile(p, 'KYIV: Drones struck the city overnight.\n\nMore text.');
    const [doc] = docs(await collect([p]));
    assert.equal(doc.text, 'KYIV: Drones struck the city overnight.\n\nMore text.');
    assert.equal(doc.title, null);
  });

  test('an invalid Published header is INPUT_MALFORMED on its line', async () => {
    const p = join(dir, 'bad-date');
    await writeFile(p, 'Title: X\nPublished: last Tuesday\n\nBody text.');
    const [err] = errors(await collect([p]));
    assert.equal(err.code, 'INPUT_MALFORMED');
    assert.equal(err.line, 2);
    assert.equal(err.oneLine(), `${p}:2: invalid Published header "last Tuesday" (want YYYY-MM-DD or an ISO timestamp) [INPUT_MALFORMED]`);
  });

  test('headers with nothing after them are INPUT_EMPTY', async () => {
    const p = join(dir, 'only-headers.txt');
    await writeFile(p, 'Title: X\nOutlet: Y\n\n\n');
    assert.equal(errors(await collect([p]))[0].code, 'INPUT_EMPTY');
  });
});

describe('readInputs: per-input errors never stop the batch', () => {
  test('missing, binary, empty, whitespace-only and unsupported inputs each yield one error', async () => {
    const inputs = [fx('does-not-exist.txt'), fx('binary.txt'), fx('empty.txt'), fx('blank.txt'), fx('brochure.pdf'), fx('headed-report.txt')];
    const items = await collect(inputs);
    assert.deepEqual(
      items.map((i) => (i.ok ? 'ok' : `${i.error.code} ${i.error.input}`)),
      [
        `INPUT_NOT_FOUND ${inputs[0]}`,
        `INPUT_BINARY ${inputs[1]}`,
        `INPUT_EMPTY ${inputs[2]}`,
        `INPUT_EMPTY ${inputs[3]}`,
        `INPUT_UNSUPPORTED ${inputs[4]}`,
        'ok',
      ],
    );
    assert.equal(errors(items)[0].oneLine(), `${inputs[0]}: no such file or directory [INPUT_NOT_FOUND]`);
  });

  test('mostly control characters or invalid UTF-8 is binary even without NUL bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sitrep-ingest-'));
    try {
      const p = join(dir, 'noise.txt');
      await writeFile(p, Buffer.from([0x41, 0x42, 0x01, 0x02, 0x03, 0xff, 0xfe, 0x43, 0x1b, 0x44]));
      assert.equal(errors(await collect([p]))[0].code, 'INPUT_BINARY');
      // A stray bad byte in real text is not binary.
      const q = join(dir, 'mostly-text.txt');
      await writeFile(q, Buffer.concat([Buffer.from('A rocket hit the caf'), Buffer.from([0xe9]), Buffer.from(' on the corner of the square.')]));
      assert.equal((await collect([q]))[0].ok, true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a file over 20 MB is INPUT_TOO_LARGE without being read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sitrep-ingest-'));
    try {
      const p = join(dir, 'huge.txt');
      await writeFile(p, '');
      await truncate(p, 20 * 1024 * 1024 + 1); // sparse: costs no disk
      const [err] = errors(await collect([p]));
      assert.equal(err.code, 'INPUT_TOO_LARGE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an invalid --published flag is one error and nothing is read', async () => {
    const items = await collect([fx('headed-report.txt')], { published: '31/12/2024' });
    assert.equal(items.length, 1);
    assert.equal(errors(items)[0].code, 'INPUT_MALFORMED');
  });
});

describe('readInputs: directories', () => {
  test('the fixtures directory is read recursively in sorted order', async () => {
    const items = await collect([FIXTURES]);
    const summary = items.map((i) => (i.ok ? i.doc.source : `${i.error.code} ${i.error.input}${i.error.line ? `:${i.error.line}` : ''}`));
    assert.deepEqual(summary, [
      fx('batch.jsonl:1'),
      `INPUT_MALFORMED ${fx('batch.jsonl')}:2`,
      `INPUT_MALFORMED ${fx('batch.jsonl')}:3`,
      fx('batch.jsonl:4'),
      `INPUT_MALFORMED ${fx('batch.jsonl')}:5`,
      fx('batch.jsonl:7'),
      `INPUT_BINARY ${fx('binary.txt')}`,
      `INPUT_EMPTY ${fx('blank.txt')}`,
      `INPUT_UNSUPPORTED ${fx('brochure.pdf')}`,
      fx('drone-report.html'),
      `INPUT_EMPTY ${fx('empty.txt')}`,
      fx('headed-report.txt'),
    ]);
  });

  test('nested directories are walked and hidden entries skipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sitrep-ingest-'));
    try {
      await mkdir(join(dir, 'b', 'deep'), { recursive: true });
      await mkdir(join(dir, '.git'));
      await writeFile(join(dir, 'c.txt'), 'Report C.');
      await writeFile(join(dir, 'a.md'), 'Report A.');
      await writeFile(join(dir, 'b', 'deep', 'x.htm'), '<p>Report X.</p>');
      await writeFile(join(dir, '.DS_Store'), 'junk');
      await writeFile(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main');
      const items = await collect([dir]);
      assert.deepEqual(
        items.map((i) => (i.ok ? [relative(dir, i.doc.source), i.doc.text] : i.error.oneLine())),
        [
          ['a.md', 'Report A.'],
          [join('b', 'deep', 'x.htm'), 'Report X.'],
          ['c.txt', 'Report C.'],
        ],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readInputs: stdin', () => {
  const fromStdin = (content: string | Buffer, opts: ReadInputsOptions = {}) => collect(['-'], { ...opts, stdin: Readable.from([content]) });

  test('plain text', async () => {
    const [item] = await fromStdin('Drones were seen over the harbour.\r\n', { outlet: 'Pipe News' });
    assert.ok(item.ok);
    assert.deepEqual([item.doc.source, item.doc.text, item.doc.outlet], ['stdin', 'Drones were seen over the harbour.\n', 'Pipe News']);
  });

  test('HTML is sniffed by content', async () => {
    const [item] = await fromStdin('  <!doctype html><html><head><title>Piped</title></head><body><p>A shell hit the station.</p></body></html>');
    assert.ok(item.ok);
    assert.equal(item.doc.text, 'A shell hit the station.');
    assert.equal(item.doc.title, 'Piped');
  });

  test('JSONL is sniffed by content and sources are stdin:LINE', async () => {
    const items = await fromStdin('{"id":"s1","text":"One."}\n{"id":"s2"}\n{"id":"s3","text":"Three."}\n');
    assert.deepEqual(
      items.map((i) => (i.ok ? i.doc.source : i.error.oneLine())),
      ['stdin:1', 'stdin:2: missing both "text" and "html" [INPUT_MALFORMED]', 'stdin:3'],
    );
  });

  test('empty and binary stdin are errors', async () => {
    assert.equal(errors(await fromStdin('  \n'))[0].code, 'INPUT_EMPTY');
    assert.equal(errors(await fromStdin(Buffer.from([0, 1, 2, 3])))[0].code, 'INPUT_BINARY');
  });
});
