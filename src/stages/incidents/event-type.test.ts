import { test } from 'node:test';
import assert from 'node:assert/strict';
import { territoryTaker, typeEvent } from './event-type.js';

// Sentences written for these tests; none is taken from an evaluation set.
function typed(text: string, opts: { weapons?: string[]; signals?: string[]; allIntercepted?: boolean; anyHarm?: boolean; anyCasualty?: boolean; perpetratorIsState?: boolean; target?: string | null } = {}) {
  return typeEvent({ weapons: new Set(opts.weapons ?? []), signals: new Set(opts.signals ?? []), allIntercepted: opts.allIntercepted ?? false, anyHarm: opts.anyHarm ?? false, anyCasualty: opts.anyCasualty ?? false, text, perpetratorIsState: opts.perpetratorIsState ?? false, target: opts.target ?? null });
}

test('who took the ground decides the territory type, whatever the verb', () => {
  assert.equal(typed('Rebel fighters recaptured the hill town from government forces on Sunday.', { signals: ['territory-government'] }).sub_event_type, 'Non-state actor overtakes territory');
  assert.equal(typed('Army troops seized control of the whole coastal road on Monday.', { signals: ['territory-nonstate'] }).sub_event_type, 'Government regains territory');
  assert.equal(typed('Government forces have taken full control of the district after the rebels fled.', { signals: ['territory-nonstate'] }).rule, 'words:state-regains-territory');
});

test('the taker is the first side named before the verb, after any reporting verb, and never the side it was taken from', () => {
  assert.equal(territoryTaker('The national army and allied tribal fighters captured the market town on Friday.'), 'state');
  assert.equal(territoryTaker('Police in a crackdown on Taliban militants recaptured the district.'), 'state');
  assert.equal(territoryTaker('An army spokesman said insurgents had gained ground in the west of the city.'), 'non-state');
  assert.equal(territoryTaker('The airport was captured by militants overnight.'), 'non-state');
  assert.equal(territoryTaker('The highway was reopened on Tuesday.'), null);
});

test('ground held only briefly is a battle', () => {
  assert.equal(typed('Insurgents briefly seized the town before withdrawing.', { signals: ['territory-nonstate'] }).sub_event_type, 'Armed clash');
});

test('an interception with no munition named is no disrupted weapon use', () => {
  assert.notEqual(typed('Special forces intercepted the car and abducted the mayor.', { signals: ['abduction'], allIntercepted: true }).sub_event_type, 'Disrupted weapons use');
  assert.equal(typed('Air defences intercepted two drones over the city.', { weapons: ['drone'], allIntercepted: true }).sub_event_type, 'Disrupted weapons use');
});

test('jets that destroy weapon depots carry out an air strike, not a seizure', () => {
  assert.equal(typed('Jets destroyed weapon depots used by the militants.', { weapons: ['airstrike'], signals: ['seizure'] }).sub_event_type, 'Air/drone strike');
  assert.equal(typed('Police seized rifles and ammunition from a farmhouse.', { weapons: ['small_arms'], signals: ['seizure'] }).sub_event_type, 'Disrupted weapons use');
});

test('armed people who go on to attack are attackers, not armed victims', () => {
  assert.equal(typed('Eight people were killed and 11 injured after gunmen attacked a church in the village.', { weapons: ['small_arms'], anyCasualty: true }).sub_event_type, 'Attack');
  assert.equal(typed('The army said it killed 30 militants in the hills.', { anyCasualty: true }).sub_event_type, 'Armed clash');
});

test('an armed group setting upon or overrunning a base fights a battle', () => {
  assert.equal(typed('Dozens of insurgents set upon an army base at dawn, and 20 of them died.', { anyCasualty: true }).sub_event_type, 'Armed clash');
});
