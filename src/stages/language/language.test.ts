import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { context } from '../../../test/helpers.js';
import { createDocument, getLayer } from '../../core/document.js';
import { extract } from '../../pipeline.js';
import { DOC_INCIDENTS } from '../incidents/incidents.js';
import { MENTIONS } from '../events/mentions.js';
import { LANGUAGE, detectLanguage } from './language.js';

// Short reports written for this test, each repeated once so every one has well over 200 letters.
const REPORTS: Record<string, string> = {
  fr: "Deux roquettes ont frappé une base militaire près de la ville lundi soir, selon des responsables locaux. Aucune victime n'a été signalée, mais plusieurs bâtiments ont été endommagés.",
  ar: 'سقط صاروخان على قاعدة عسكرية قرب المدينة مساء الاثنين، بحسب مسؤولين محليين. ولم تسجل أي إصابات، لكن عدة مبان تضررت، وأعلنت جماعة مسلحة مسؤوليتها عن الهجوم.',
  fa: 'دو موشک شامگاه دوشنبه به یک پایگاه نظامی در نزدیکی شهر اصابت کرد، به گفته مقامات محلی. هیچ تلفاتی گزارش نشده است، اما چندین ساختمان آسیب دیدند.',
  ru: 'Две ракеты попали в военную базу недалеко от города в понедельник вечером, сообщили местные чиновники. О погибших не сообщается, однако несколько зданий были повреждены.',
  tr: 'Pazartesi akşamı şehrin yakınındaki bir askeri üsse iki roket isabet etti, yerel yetkililer açıkladı. Herhangi bir can kaybı bildirilmedi, ancak birkaç bina hasar gördü.',
  es: 'Dos cohetes impactaron en una base militar cerca de la ciudad el lunes por la noche, según funcionarios locales. No se registraron víctimas, pero varios edificios resultaron dañados.',
  de: 'Zwei Raketen haben am Montagabend einen Militärstützpunkt in der Nähe der Stadt getroffen, wie örtliche Beamte mitteilten. Opfer wurden nicht gemeldet, aber mehrere Gebäude wurden beschädigt.',
  he: 'שתי רקטות פגעו בבסיס צבאי סמוך לעיר ביום שני בערב, כך מסרו גורמים מקומיים. לא דווח על נפגעים, אך כמה מבנים ניזוקו, וקבוצה חמושה נטלה אחריות על התקיפה.',
};
const ENGLISH = 'Two rockets struck a military base near Erbil on Monday evening, local officials said. No casualties were reported, but several buildings were damaged. An armed group claimed responsibility for the attack in a statement posted overnight, and the coalition said its air defences had intercepted a third rocket over the city.';

describe('language detection', () => {
  for (const [code, text] of Object.entries(REPORTS)) {
    test(`${code}: detected, marked non-english, no events and empty event layers`, () => {
      const { doc, events } = extract(createDocument({ text: `${text}\n\n${text}`, source: 't', published: '2024-03-04' }), context());
      assert.equal(getLayer(doc, LANGUAGE).code, code);
      assert.equal(doc.meta.language, code);
      assert.ok(doc.diagnostics.some((d) => d.code === 'non-english' && d.stage === 'language'));
      assert.deepEqual(events, []);
      assert.deepEqual(getLayer(doc, MENTIONS), []);
      assert.deepEqual(getLayer(doc, DOC_INCIDENTS), []);
    });
  }

  test('English is detected and read as before, whatever the page metadata claimed', () => {
    const { doc, events } = extract(createDocument({ text: ENGLISH, source: 't', published: '2024-03-04', language: 'fr' }), context());
    assert.equal(getLayer(doc, LANGUAGE).code, 'en');
    assert.equal(doc.meta.language, 'en');
    assert.ok(!doc.diagnostics.some((d) => d.code === 'non-english'));
    assert.ok(events.length >= 1);
  });

  test('too little text: the metadata stands, or und, and und is read as English', () => {
    assert.deepEqual(detectLanguage('Deux roquettes ont frappé la base.', 'fr'), { code: 'fr', source: 'metadata', letters: 28 });
    assert.equal(detectLanguage('Deux roquettes ont frappé la base.', null).code, 'und');
    const { doc, events } = extract(createDocument({ text: 'Two rockets struck Erbil air base on Monday, officials said.', source: 't', published: '2024-03-04' }), context());
    assert.equal(getLayer(doc, LANGUAGE).code, 'und');
    assert.equal(doc.meta.language, null);
    assert.ok(events.length >= 1);
  });

  test('a short report whose metadata says French yields no events', () => {
    const { doc, events } = extract(createDocument({ text: 'Two rockets struck Erbil air base on Monday, officials said.', source: 't', language: 'fr' }), context());
    assert.ok(doc.diagnostics.some((d) => d.code === 'non-english' && (d.data as { source: string }).source === 'metadata'));
    assert.deepEqual(events, []);
  });
});

describe('extraction limits', () => {
  test('a spent time budget stops the pipeline between stages with a diagnostic and no events', () => {
    let t = 0;
    // Every clock read advances 10 ms: the budget of 15 ms runs out after the first stages.
    const { doc, events } = extract(createDocument({ text: ENGLISH, source: 't' }), context(), { budgetMs: 15, clock: () => (t += 10) });
    const d = doc.diagnostics.find((x) => x.code === 'time-budget-exceeded');
    assert.ok(d, 'time-budget-exceeded diagnostic');
    assert.ok((d.data as { skipped: string[] }).skipped.includes('incidents'));
    assert.deepEqual(events, []);
  });

  test('a non-English report whose budget ran out early still yields no events, without throwing', () => {
    let t = 0;
    const text = `${REPORTS.fr}\n\n${REPORTS.fr}`;
    const { doc, events } = extract(createDocument({ text, source: 't' }), context(), { budgetMs: 15, clock: () => (t += 10) });
    assert.ok(doc.diagnostics.some((x) => x.code === 'non-english'));
    assert.ok(doc.diagnostics.some((x) => x.code === 'time-budget-exceeded'));
    assert.deepEqual(events, []);
  });

  test('a run of thousands of characters without a space is not handed to the tokenizer', () => {
    const started = Date.now();
    const { doc, events } = extract(createDocument({ text: `Two rockets struck Erbil air base on Monday. ${'1e309'.repeat(2_000)}`, source: 't' }), context());
    assert.ok(doc.diagnostics.some((x) => x.code === 'too-long-to-extract' && /without a space/.test(x.message)));
    assert.deepEqual(events, []);
    assert.ok(Date.now() - started < 5_000);
  });

  test('a text over maxChars is not extracted', () => {
    const { doc, events } = extract(createDocument({ text: ENGLISH, source: 't' }), context(), { maxChars: 100 });
    assert.ok(doc.diagnostics.some((x) => x.code === 'too-long-to-extract'));
    assert.deepEqual(events, []);
  });
});
