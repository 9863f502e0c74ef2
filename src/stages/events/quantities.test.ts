import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractText } from '../../../test/helpers.js';

const toll = (text: string) => {
  const { events } = extractText(text, { published: '2024-03-10' });
  assert.equal(events.length, 1, `one event expected from: ${text}`);
  return { killed: events[0].fatalities, injured: events[0].injured };
};

test('the counts of one list add up ("two civilians, six soldiers, and three assailants were killed")', () => {
  assert.equal(toll('On 9 March 2024, gunmen stormed an army post in Aden. Two civilians, six soldiers, and three gunmen were killed.').killed, 11);
  assert.equal(toll('On 9 March 2024, a drone hit an army post in Marib. At least 12 attackers and seven soldiers were killed and four soldiers and two civilians were wounded.').injured, 6);
});

test('people joined to a count without a number of their own are no list, and a clause is no noun', () => {
  const t = toll('On 9 March 2024, fighters attacked an army post in Marib. At least 12 attackers and seven soldiers were killed and 21 soldiers and an unknown number of attackers were injured.');
  assert.deepEqual(t, { killed: 19, injured: 21 });
  assert.equal(toll('On 9 March 2024, a drone struck an army post in Duhok. One vehicle was destroyed and one soldier was injured.').injured, 1);
  // "3 rockets and two soldiers": the rockets are no casualties.
  assert.equal(toll('On 9 March 2024, militants fired 3 rockets at a base in Anbar and two soldiers were killed.').killed, 2);
});

test('an aside between a count and its verb ("eight people, including two soldiers, were killed")', () => {
  assert.deepEqual(toll('On 9 March 2024, gunmen attacked a camp in Radaa. At least eight people, including two soldiers, were killed and at least 10 others, including a child, were wounded.'), { killed: 8, injured: 10 });
});

test('"in addition to" a count or the bomber adds it to the dead; "killing him and 5" counts him', () => {
  assert.equal(toll('On 9 March 2024, gunmen attacked a ministry in Sanaa. In addition to 12 gunmen, 56 guards and civilians were killed.').killed, 68);
  assert.equal(toll('On 9 March 2024, a suicide bomber struck a checkpoint in Lahij. In addition to the bomber, two soldiers were killed.').killed, 3);
  assert.equal(toll('On 9 March 2024, an airstrike hit a commander\'s car in Al Jawf, killing him and 5 of his guards.').killed, 6);
});

test('executions count as killings', () => {
  assert.equal(toll('On 9 March 2024, militants executed seven civilians in a village near Mosul, Iraq.').killed, 7);
});

test('"This was one of five related attacks in X" tells no attack of its own, and a toll "across the attacks" is shared among them', () => {
  const { events } = extractText('On 9 March 2024, fighters attacked army positions along the front in Sirwah district, Marib, Yemen. This was one of five related attacks in Marib on this date. Twenty soldiers were killed and 10 were injured across the attacks.', { published: '2024-03-10' });
  assert.equal(events.length, 1);
  assert.equal(events[0].fatalities, 4);
  assert.equal(events[0].injured, 2);
});
