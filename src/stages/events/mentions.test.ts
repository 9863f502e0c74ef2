import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractText } from '../../../test/helpers.js';
import { MENTIONS } from './mentions.js';
import { getLayer } from '../../core/document.js';

// Reports written for these tests; none is taken from an evaluation set.
const PUBLISHED = '2024-03-10';
const run = (text: string) => extractText(text, { published: PUBLISHED });
const types = (text: string) => run(text).events.map((e) => e.sub_event_type);
const codes = (text: string) => run(text).doc.diagnostics.filter((d) => d.stage === 'events').map((d) => d.code);
const mentionsOf = (text: string) => getLayer(run(text).doc, MENTIONS);

test('"activists said" cites a source and is no protest', () => {
  assert.deepEqual(types('Army units captured three villages near the river on Friday, opposition activists said.'), ['Government regains territory']);
});

test('an attack on a market is an attack; only markets that trade shares or oil are no attack', () => {
  assert.equal(types('A bomb hidden in a cart exploded in a crowded vegetable market in the town on Saturday, killing four people.').length, 1);
  assert.deepEqual(types('Oil markets exploded higher on Monday as traders fired off orders.'), []);
});

test('protestors and rioters are a protest however spelt; crowd-control weapons mark one only where the report names it', () => {
  assert.deepEqual(types('Riot police clashed with protestors outside the ministry on Tuesday, and several people were hurt.'), []);
  assert.deepEqual(types('Youths rioted for a third night, attacking police vans with stones and petrol bombs.'), []);
  assert.deepEqual(types('Thousands of protesters marched on the palace on Sunday. Police fired tear gas and rubber bullets near the square.'), []);
  assert.deepEqual(types('Dozens of pupils fainted on Wednesday after soldiers fired tear gas into a primary school in the village.'), ['Chemical weapon']);
});

test('responsibility and accusations describe no attack of their own', () => {
  assert.deepEqual(types('The ministry accused the rebels of bombing the railway bridge last week.'), []);
  assert.deepEqual(types('A statement said two cells of the group were responsible for the attack in the port city.'), []);
});

test('a possible attack, and missile launches beside nuclear tests, are no attack', () => {
  assert.deepEqual(types('Villagers took up arms to defend their farms against a possible attack by bandits from the hills.'), []);
  assert.deepEqual(types('The envoy urged the regime to stop its missile launches and nuclear tests.'), []);
});

test('territory left or handed over with no fighting anywhere in the report is no attack', () => {
  assert.deepEqual(types('The rebels took over the border post on Monday. The army had withdrawn from it the night before.'), []);
  assert.deepEqual(types('Government troops regained control of the district when a monitoring mission handed authority over to them.'), []);
  assert.deepEqual(types('Rebels seized control of the town on Monday after heavy fighting with the army in which twelve soldiers died.'), ['Non-state actor overtakes territory']);
});

test('what follows an accident or a crime ruled out is more of it, not an attack', () => {
  assert.deepEqual(types('A boiler at the bottling plant exploded on Thursday night. Five workers were injured and taken to hospital.'), []);
  assert.deepEqual(types('A gas leak caused an explosion at the warehouse on Friday. The blasts were heard across the district.'), []);
  assert.deepEqual(types('Two men died during an attempted robbery of a jeweller on Monday. One of the robbers had a grenade which went off.'), []);
  // An aside ruled out after an attack was read leaves what follows alone: the claim stays with the attack.
  assert.equal(run('A drone hit the police headquarters in Erbil on Sunday. It fell after the anniversary parade had ended. Islamic State claimed responsibility for the attack.').events[0]?.claimed_by.length, 1);
});

test('a battle or fighting is a clash only between armed people; a clash that did not happen is none', () => {
  const deer = mentionsOf('Stags battle for mating rights in the deer park as the rutting season begins.');
  assert.ok(!deer.some((m) => m.signals.includes('clash')));
  assert.ok(mentionsOf('Fierce fighting between troops and insurgents went on for hours near the dam on Monday.').some((m) => m.signals.includes('clash')));
  assert.ok(!mentionsOf('Army units took control of four villages on Sunday without any armed clashes, officials said.').some((m) => m.signals.includes('clash')));
});

test('weapon words that name a trade, an earlier attack by its year, a spokesman or a downed aircraft are no weapon of the event', () => {
  const ids = (text: string) => mentionsOf(text).flatMap((m) => m.weapons.map((w) => w.id));
  assert.deepEqual(ids('The government denied sending spare parts for drones to the militia on Monday.').filter((w) => w === 'drone'), []);
  assert.deepEqual(ids('Troops captured two villages near the town that was the scene of a deadly 2017 chemical attack.').filter((w) => w === 'chemical'), []);
  assert.ok(!ids('A device was defused near the airport on Monday, a spokesman for the Air Force said.').includes('airstrike'));
  assert.ok(!ids('The missile hit the base on Sunday, destroying several transport helicopters on the ground.').includes('airstrike'));
  assert.ok(ids('Rebels fired rocket-propelled grenades at the convoy on Friday.').includes('rocket'));
});

test('"that" after a verb of saying is no reference back, and a downed helicopter is no intercepted munition', () => {
  assert.deepEqual(types('Officials said on Monday that rocket-propelled grenades were used to shoot down an army helicopter during clashes with rebels on Friday.'), ['Shelling/artillery/missile attack']);
});

test('killings and attackers under other names: gunned down, armed men', () => {
  assert.deepEqual(types('Unknown armed men gunned down a teacher in the northern province on Tuesday.'), ['Attack']);
});

test('bombers are people unless named as aircraft; an F-1 is a grenade, not a jet', () => {
  const ids = (text: string) => mentionsOf(text).flatMap((m) => m.weapons.map((w) => w.id));
  assert.ok(!ids('The explosion left both bombers dead and two passers-by hurt.').includes('airstrike'));
  assert.ok(ids('Long-range bombers struck the depot on Monday.').includes('airstrike'));
  assert.ok(!ids('Police seized three F-1 grenades and a rifle from the hideout.').includes('airstrike'));
});

test('seizures however phrased: passive perfect, plural ammunitions, hyphenated words, caches and depots', () => {
  assert.deepEqual(types('Rifles and ammunitions have been seized from the suspect, according to police in the district.'), ['Disrupted weapons use']);
  assert.deepEqual(types('Soldiers discovered an underground depot holding a large amount of weapons in the valley on Monday.'), ['Disrupted weapons use']);
  assert.deepEqual(types('Special forces destroyed a house-borne improvised explosive device during a raid in the province on Sunday.'), ['Disrupted weapons use']);
  assert.deepEqual(types('Pistols and ammunitions were seized during the incident.'), ['Disrupted weapons use']);
});

test('a toll told first is completed by the dated clause that says who struck', () => {
  const { events } = run('At least nine people were killed and 14 hurt after two suicide bombers struck a wedding in the north on Wednesday.');
  assert.equal(events.length, 1);
  assert.equal(events[0].sub_event_type, 'Suicide bomb');
  assert.equal(events[0].event_date, '2024-03-06');
});

test('"the attacks were carried out with grenades" goes on about the attacks just told', () => {
  const { events } = run('Police posts were hit by attacks in at least nine places in Kandahar and Helmand provinces on Wednesday night. The army said the attacks were carried out with grenades.');
  assert.equal(events[0]?.sub_event_type, 'Grenade');
});

test('a group that uses, holds or runs the target is not the attacker', () => {
  const struck = extractText('On 26 December 2023, U.S. aircraft carried out airstrikes on three sites used by Kataib Hezbollah in Babil province, Iraq.', { published: '2023-12-27' }).events;
  assert.equal(struck.length, 1);
  assert.equal(struck[0].actor1, 'Military Forces of the United States');
  const unnamed = extractText('On 26 December 2023, airstrikes hit a depot controlled by Kataib Hezbollah in Babil province, Iraq.', { published: '2023-12-27' }).events;
  assert.equal(unnamed.length, 1);
  assert.notEqual(unnamed[0].actor1, 'Kataib Hezbollah');
  // "by" after a word of attacking still names the attacker.
  const claimed = extractText('On 26 December 2023, rocket attacks on the base by Kataib Hezbollah wounded two soldiers in Babil province, Iraq.', { published: '2023-12-27' }).events;
  assert.equal(claimed[0]?.actor1, 'Kataib Hezbollah');
});
