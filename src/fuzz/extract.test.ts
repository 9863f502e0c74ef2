/**
 * Property tests over generated documents (src/fuzz/corpus.ts): extract never throws and never emits a record that
 * breaks the contract or points outside its text. A few hundred runs here; `npm run fuzz` runs 100,000.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { context } from '../../test/helpers.js';
import { createDocument } from '../core/document.js';
import { extract } from '../pipeline.js';
import { checkText } from './check.js';
import { attackSentence, EDGE_DATES, EDGE_NUMBERS, textDocument } from './corpus.js';

const RUNS = Number(process.env.FUZZ_CI_RUNS ?? 200);
const BUDGET = { budgetMs: 5_000 };

describe('extract on generated documents', () => {
  test('no crash, valid records, every span inside the text', { timeout: 300_000 }, () => {
    const ctx = context();
    fc.assert(
      fc.property(textDocument(), fc.option(fc.constantFrom('2024-02-29', '1970-01-01', '9999-12-31')), (text, published) => {
        const r = checkText(text, ctx, BUDGET, { published });
        assert.deepEqual(r.problems, []);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20240229) },
    );
  });

  test('attack sentences with numbers and dates at the edges', { timeout: 300_000 }, () => {
    const ctx = context();
    fc.assert(
      fc.property(fc.array(attackSentence, { minLength: 1, maxLength: 4 }), (sentences) => {
        assert.deepEqual(checkText(sentences.join(' '), ctx, BUDGET).problems, []);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: 7 },
    );
  });

  test('every edge number and edge date, one at a time', () => {
    const ctx = context();
    for (const n of EDGE_NUMBERS) assert.deepEqual(checkText(`${n} rockets struck Erbil air base on Monday, killing ${n} people, officials said.`, ctx, BUDGET).problems, [], n);
    for (const d of EDGE_DATES) assert.deepEqual(checkText(`Two drones struck Erbil air base on ${d}, killing three people, officials said.`, ctx, BUDGET).problems, [], d);
  });

  test('right-to-left, mixed scripts and bidi controls inside an English report', () => {
    const ctx = context();
    const text = 'Two rockets struck \u202eesab ria\u202c near \u05d0\u05e8\u05d1\u05d9\u05dc (أربيل) on Monday, killing \u0663 people, a U.S. official said.\u200f\n\nاليوم Two drones hit the base.';
    assert.deepEqual(checkText(text, ctx, BUDGET).problems, []);
  });

  test('50 MB of text is refused quickly as too long to extract, not hung on', { timeout: 120_000 }, () => {
    const unit = 'Two rockets struck Erbil air base on Monday, killing three people. ';
    const text = unit.repeat(Math.ceil((50 * 1024 * 1024) / unit.length));
    const started = Date.now();
    const { doc, events } = extract(createDocument({ text, source: 'big' }), context());
    assert.ok(doc.diagnostics.some((d) => d.code === 'too-long-to-extract'));
    assert.deepEqual(events, []);
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  });

  test('a line of 200,000 characters stays inside the time budget', { timeout: 120_000 }, () => {
    const line = 'rockets struck near Erbil killing 99999999999999999999 and 1e308 '.repeat(3100).slice(0, 200_000);
    const started = Date.now();
    const r = checkText(line, context(), { budgetMs: 10_000 });
    assert.deepEqual(r.problems, []);
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
  });
});
