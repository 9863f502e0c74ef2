import type { Document } from '../../core/document.js';
import { getLayer, layerKey, withLayer } from '../../core/document.js';
import type { Stage } from '../../core/pipeline.js';
import type { Resolution } from '../../core/resolution.js';
import { resolved, unresolved } from '../../core/resolution.js';
import { overlaps } from '../../core/span.js';
import type { StageContext } from '../context.js';
import { ACTORS } from '../actors/actors.js';
import { DATELINES, bodySentences } from '../segment/segment.js';
import { matchNgrams } from '../segment/words.js';
import type { Place } from './gazetteer.js';
import { fold, isArticle, placeKey } from './fold.js';

/** How the text relates the event to the place: at it, near it, in a part of it. */
export type PlaceRelation = 'at' | 'near' | 'part-of' | 'modifier' | 'target' | 'origin';

export interface PlaceMention {
  start: number;
  end: number;
  surface: string;
  candidates: string[];
  relation: PlaceRelation;
  /** "Anbar province": the text says what level the name is. */
  levelWord: 'province' | 'city' | 'village' | 'district' | null;
  /** Span of a parenthetical or comma hint that follows ("(Kalar, Al Sulaymaniyah)"). */
  hintOf: number | null;
  /** Matched by the loose spelling key only. */
  loose: boolean;
  /** Named after a locative preposition ("in Iraq"), or as a hint: a place where something happened, not a party. */
  locative: boolean;
  place: Resolution<Place>;
}

export const PLACES = layerKey<PlaceMention[]>('places');

/** The region sitrep is tuned for: a documented prior used only to break ties between same-named places. */
export const FOCUS_COUNTRIES = new Set(['IQ', 'SY', 'YE', 'SA', 'TR', 'IL', 'PS', 'IR', 'JO', 'LB', 'EG', 'AE', 'QA', 'KW', 'BH', 'OM']);

const MODIFIER_AFTER = /^(?:['’]s\s+)?(?:-?\s*(?:backed|led|run|based|aligned|affiliated|allied|controlled|made|born|linked|supported)\b|\s+(?:forces?|troops?|soldiers?|military|army|armed forces|navy|air force|officials?|government|regime|authorities|ministry|media|state media|embassy|personnel|interests|militias?|drones?|security|police|coalition|warplanes?|aircraft|jets?|defen[cs]e|president|prime minister|citizens?|nationals?|contractor|intelligence|side|counterparts?|spokesperson|spokesman|statement|news|sources?|airstrikes?|strikes?)\b)/i;
const NEAR_BEFORE = /\b(?:near|outside|close to|on the outskirts of|outskirts of|in the vicinity of|around|north of|south of|east of|west of|northeast of|northwest of|southeast of|southwest of|km (?:north|south|east|west)\w* of|kilometers? from|miles? from|countryside of|vicinity of|(?:meters|metres|m|km|kilometres|kilometers|miles|yards)\s+(?:away\s+)?from|away from)\s+(?:the\s+)?$/i;
/** "targeting Saudi Arabia", "toward the Golan": where the attack was aimed, which is not always where it ended. */
const TARGET_BEFORE = /\b(?:targeting|targeted|towards?|toward|in the direction of|aimed at|meant to target|against|into)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}$/;
const ORIGIN_BEFORE = /\b(?:from|launched from|fired from|originat\w+ (?:in|from))\s+(?:the\s+)?(?:[a-z]+\s+)?$/i;
const PART_AFTER = /^\s+(?:countryside|desert|outskirts|district|area|region|border|countryside)\b/i;
const PROVINCE_AFTER = /^\s+(?:province|governorate|governate|region|wilayat|muhafazat)\b/i;
const CITY_AFTER = /^\s+(?:city|town)\b/i;
const VILLAGE_AFTER = /^\s+(?:village|hamlet|camp|neighbo(?:u)?rhood|area)\b/i;
const DISTRICT_AFTER = /^\s+(?:district|sub-?district|nahiya)\b/i;
/** Provinces named by a common word ("Eastern", "Capital"): a place only where nothing says otherwise. */
const COMMON_WORD_PROVINCE = /^(?:northern|southern|eastern|western|central|capital|north|south|east|west|red sea|bay|van|batman|center|centre)$/i;
/** A facility's own kind words after its name ("Tal Baydar Military Air Base"): part of the name, not a modifier. */
const FACILITY_TAIL = /^\s+(?:military\s+)?(?:air\s*base|airbase|air\s*field|airfield|airport|base|camp|garrison|outpost)\b/i;
/**
 * "the Karaj area in northeast Mosul", "Hosh al-Dawahira of Eastern Ghouta", "a neighbourhood (Old City district) of
 * Mosul": the name after it is the larger place that contains it, a hint as good as a parenthesis.
 */
const CONTAINED_IN = /^\s+(?:(?:area|neighbo(?:u)?rhood|quarter|district|sub-?district|village|town|camp|hill|region|suburb|countryside|desert|outskirts)\)?\s+)?(?:\([^()]{1,40}\)\s+)?(?:of|in|within)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern|-?east(?:ern)?|-?west(?:ern)?)?\s+|central\s+)?(?:(?:part|parts|outskirts|countryside|suburbs?)\s+of\s+(?:the\s+)?)?$/i;
/** A capitalised word that begins a sentence and is an ordinary English word is no place ("Hit", "Most"). */
const COMMON_CAPITALISED = new Set(['no', 'not', 'none', 'one', 'two', 'all', 'some', 'many', 'several', 'other', 'others', 'then', 'when', 'while', 'after', 'before', 'since', 'during', 'most', 'of', 'the', 'in', 'on', 'at', 'as', 'said', 'also', 'mission', 'reports', 'more', 'so', 'de', 'man', 'can', 'will', 'may', 'however', 'deal', 'university', 'hospital', 'police', 'security', 'union', 'police', 'date', 'best', 'march', 'time', 'bar', 'nice', 'early', 'late', 'along', 'islamic', 'state', 'central', 'south', 'north', 'east', 'west', 'forces', 'army', 'media', 'sources', 'source', 'group', 'party', 'victory', 'resistance', 'press', 'hit', 'both', 'another', 'had', 'his', 'her', 'they', 'there', 'these', 'this', 'that', 'who', 'man', 'men', 'people']);

/** A facility's name may end in a lower-case kind word ("the al-Tanf garrison", "al-Omar oil field"). */
const FACILITY_WORD = /^(?:base|bases|airbase|field|airfield|airport|crossing|port|camp|garrison|outpost|terminal|refinery|embassy|consulate|compound|barracks|checkpoint|dam|palace|complex|station|plant|depot|facility|\d+)$/i;
const NAME_OPENERS = new Set(['In', 'At', 'Near', 'From', 'To', 'On', 'The', 'Of', 'And', 'Outside', 'Into', 'Across', 'Northern', 'Southern', 'Eastern', 'Western', 'Central', 'North', 'South', 'East', 'West', 'Occupied', 'Greater', 'Rural', 'While', 'Also', 'Both']);
const LEVEL_WORDS = /^(?:Province|Governorate|Governate|City|Town|District|Region|Countryside|Airport|Base|Airbase|Camp|Village|Desert|Gate|Sea|Strait|Gulf|Border)$/;

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/** Two spellings of one name differ by a letter or two in every few, and start alike. */
function closeSpelling(a: string, b: string): boolean {
  const x = a.replace(/ /g, '');
  const y = b.replace(/ /g, '');
  // The second letter may differ when both are vowels: the vowel is the transliterator's guess (Terhin / Tarhin).
  const vowel = (c: string | undefined) => !!c && 'aeiou'.includes(c);
  return x[0] === y[0] && (x[1] === y[1] || vowel(x[1]) && vowel(y[1])) && levenshtein(x, y) / Math.max(x.length, y.length) <= 0.25;
}

/** Villages from the conflict maps (data/gazetteer): no population, known only to the map's editors. */
function isFrontlineVillage(p: Place): boolean {
  return p.id.startsWith('village:');
}

function km(a: Place, b: Place): number {
  if (a.lat === null || a.lon === null || b.lat === null || b.lon === null) return Infinity;
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(Math.min(1, h)));
}

function kindRank(p: Place): number {
  return { facility: 5, airport: 4, city: 3, region: 2, admin1: 2, country: 1 }[p.kind];
}

export const placesStage: Stage<StageContext> = {
  name: 'places',
  needs: [ACTORS, DATELINES],
  adds: [PLACES],
  run(doc: Document, ctx: StageContext): Document {
    const g = ctx.gazetteer;
    const actorSpans = getLayer(doc, ACTORS);
    const datelines = getLayer(doc, DATELINES);
    const raw: Omit<PlaceMention, 'place'>[] = [];
    for (const s of bodySentences(doc)) {
      const ws = s.words;
      const matches = matchNgrams(doc.text, ws, g.maxTokens, {
        wordKey: (w) => g.wordKey(w.text),
        // A loose spelling match is tried only for longer names, and must be confirmed by the document's countries below.
        // So is it where the name is known only as a frontline village: a town spelled a little differently
        // ("Sheikhan" for Ash Shaykhan) may be meant, and the village stays a candidate beside it.
        lookup: (k) => {
          const hit = g.lookup(k);
          if (hit.length && !hit.every(isFrontlineVillage) || k.replace(/ /g, '').length < 6 || k.split(' ').length > 3) return hit;
          const near = g.lookupLoose(k).filter((p) => !hit.includes(p));
          return hit.length && near.length ? [...hit, ...near] : hit.length ? hit : near;
        },
        canStart: (first) => g.startsName(first),
        // The same test accept makes of a window's first word, made before any key is built.
        startsAt: (w) => w.capitalized || isArticle(w.text),
        // Loose keys (up to three words) have prefixes of their own: those windows are always tried.
        extendsName: (key) => g.extendsName(key),
        alwaysTry: 3,
        accept: (first, slice) => {
          const last = slice[slice.length - 1];
          if (!slice.some((w) => w.capitalized) || !last.capitalized && !FACILITY_WORD.test(last.text)) return false;
          if (!first.capitalized && !isArticle(first.text)) return false;
          if (slice.length === 1 && first.start === s.start && COMMON_CAPITALISED.has(first.text.toLowerCase())) return false;
          if (slice.length === 1 && COMMON_CAPITALISED.has(first.text.toLowerCase()) && first.text !== 'Hit') return false;
          return true;
        },
      });
      for (const m of matches) {
        if (actorSpans.some((a) => overlaps(a, m)) || datelines.some((d) => overlaps(d, m))) continue;
        // A town or country name inside a longer proper name ("New York Post", "U.S. Central Command") is no place.
        const kinds = new Set(m.hits.map((h) => h.kind));
        const prevWord = ws[m.first - 1];
        const nextWord = ws[m.last + 1];
        const adjacent = (a: { end: number }, b: { start: number }) => /^[\s-]*$/.test(doc.text.slice(a.end, b.start)) && !doc.text.slice(a.end, b.start).includes('\n');
        const inName = (prevWord && prevWord.capitalized && adjacent(prevWord, m) && !NAME_OPENERS.has(prevWord.text) && !ws.slice(0, m.first).every((w) => w.start < s.start))
          || (nextWord && nextWord.capitalized && adjacent(m, nextWord) && !LEVEL_WORDS.test(nextWord.text) && !m.hits.some((h) => h.kind === 'facility' || h.kind === 'airport'));
        // A province keeps its name inside a longer one ("Anbar Operations Command"), unless its name is a common word
        // that merely begins another name ("Eastern Ghouta", "Northern Iraq").
        const provinceName = kinds.has('admin1') && !m.hits.every((h) => h.kind !== 'admin1' || COMMON_WORD_PROVINCE.test(h.name));
        if (inName && !kinds.has('facility') && !kinds.has('airport') && !provinceName) continue;
        // "Bab al-Toub", "Tal al-Hawa": a one-word name reached without its article ("Bab" for Al Bab) and followed by
        // an article word is the first word of a longer Arabic name the gazetteer lacks.
        const bare = m.surface.replace(/^the\s+/i, '');
        if (!/\s/.test(bare) && nextWord && adjacent(m, nextWord) && /^(?:al|el|ad|ar|as|at|az|an|ash|ath|adh)$/i.test(nextWord.text) && nextWord.hyphenNext && !m.hits.some((h) => fold(h.name) === fold(bare))) continue;
        // "Secretary Austin", "Gen. Kurilla", "Mr. Jordan": a person, not a place.
        if (/\b(?:Secretary|Minister|President|Gen\.?|General|Col\.?|Colonel|Lt\.?|Brig\.?|Maj\.?|Capt\.?|Adm\.?|Admiral|Sen\.?|Senator|Rep\.?|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|spokes(?:man|woman|person)|Sheikh|Ayatollah|King|Prince|Emir|Commander)\s+$/.test(doc.text.slice(Math.max(0, m.start - 24), m.start))) continue;
        if (/^\s+(?:said|says|told|added|stated|noted|explained|announced|warned|claimed|ordered|confirmed)\b/.test(doc.text.slice(m.end, m.end + 14)) && !kinds.has('country') && !kinds.has('admin1') && !kinds.has('facility')) continue;
        const after = doc.text.slice(m.end, m.end + 40);
        const before = doc.text.slice(Math.max(s.start, m.start - 40), m.start);
        const lastWord = ws[m.last];
        // "U.S." and "UK" name a side far more often than a place: a place only after a locative preposition.
        const abbreviatedCountry = kinds.has('country') && /^(?:[A-Z]\.){2,}$|^[A-Z]{2,3}$/.test(m.surface) && !/\b(?:in|into|inside|to|across|from|at|within)\s+(?:the\s+)?$/i.test(before);
        // "8:45 p.m. Eastern time", "Arabia Standard Time": a clock, not a place.
        if (/^\s+(?:time|standard time|daylight time)\b/i.test(after)) continue;
        // "a monitoring group based in Britain": where an organisation sits, not where anything happened.
        const seat = /\b(?:based|headquartered|registered|exiled|living|resident)\s+in\s+(?:the\s+)?$/i.test(before);
        const ownKindWords = (kinds.has('facility') || kinds.has('airport')) && FACILITY_TAIL.test(after);
        const relation: PlaceRelation = abbreviatedCountry || seat || lastWord.hyphenNext || MODIFIER_AFTER.test(after) && !ownKindWords || /\b(?:from)\s+$/i.test(before) && /^\s+(?:to|towards?)\b/i.test(after)
          ? 'modifier'
          : NEAR_BEFORE.test(before) ? 'near' : ORIGIN_BEFORE.test(before) ? 'origin' : TARGET_BEFORE.test(before) ? 'target' : PART_AFTER.test(after) ? 'part-of' : 'at';
        const levelWord = PROVINCE_AFTER.test(after) ? 'province' : CITY_AFTER.test(after) ? 'city' : VILLAGE_AFTER.test(after) ? 'village' : DISTRICT_AFTER.test(after) ? 'district' : null;
        // A short form counts only as written with its article and not after a given name ("al-Asad", not "Bashar al-Assad").
        // A kind word after it says a bare short form is a place too ("Abbas town", "Bab village").
        const shortOk = (/^(?:al|el|ad|ar|as|at|az|an)[-\s]/i.test(m.surface) || CITY_AFTER.test(after) || /^\s+village\b/i.test(after)) && !(prevWord && prevWord.capitalized && adjacent(prevWord, m));
        if (m.hits.every((h) => h.shortForm) && !shortOk) continue;
        if (!shortOk) m.hits = m.hits.filter((h) => !h.shortForm);
        const exact = g.lookup(placeKey(m.surface));
        const loose = exact.length === 0 || m.hits.some((h) => !exact.includes(h));
        if (loose && (m.start === s.start || !(ws[m.first].capitalized || /^the$/i.test(ws[m.first].text) && ws[m.first + 1]?.capitalized))) continue;
        // A loose match must still be spelled nearly alike ("Sderot"/"Sederot"), not merely share consonants ("Coalition"/"Colton").
        const hits = loose ? m.hits.filter((h) => exact.includes(h) || closeSpelling(placeKey(m.surface), placeKey(h.name))) : m.hits;
        if (!hits.length) continue;
        const locative = /\b(?:in|at|near|inside|into|across|from|to|toward|towards|over|within|of|outside|throughout|targeting|targeted|struck|hit)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern|-?east(?:ern)?|-?west(?:ern)?)?\s+|central\s+)?$/i.test(before);
        raw.push({ start: m.start, end: m.end, surface: m.surface, candidates: hits.map((h) => h.id), relation, levelWord, hintOf: null, loose, locative });
      }
    }
    // "the US strikes on Iraqi territory": a nationality adjective before a land word names the country as a place.
    for (const sent of bodySentences(doc)) {
      for (const w of sent.words) {
        // Nationality adjectives are capitalised: other words need no lookup.
        if (!w.capitalized) continue;
        const c = g.demonymCountry(w.text, () => doc.text.slice(w.end, w.end + 30));
        if (c && !raw.some((r) => r.start <= w.start && w.end <= r.end)) {
          raw.push({ start: w.start, end: w.end, surface: w.text, candidates: [c.id], relation: 'part-of', levelWord: null, hintOf: null, loose: false, locative: true });
        }
      }
    }
    raw.sort((a, b) => a.start - b.start);
    // A place right after another, in parentheses or after a comma, is a hint for it ("Kalar (Al Sulaymaniyah)", "Balhaf town, Shabwah").
    /** Hints given in words ("in Deir ez-Zor countryside") rather than in the gazetteers' "Town, Province" form. */
    const wordedHints = new Map<number, string>();
    for (let i = 1; i < raw.length; i++) {
      const between = doc.text.slice(raw[i - 1].end, raw[i].start);
      const hint = (worded?: string) => {
        raw[i].hintOf = raw[i - 1].hintOf ?? i - 1;
        if (worded !== undefined) wordedHints.set(i, worded);
      };
      // "Kharita in Tal Tamer area": the kind word after the larger place.
      const kindAfter = /^\s+(area|countryside|district|sub-?district|region|outskirts|desert)\b/i.exec(doc.text.slice(raw[i].end, raw[i].end + 16));
      // "Shuqrah (Khanfir, Abyan)": a district the gazetteer lacks may stand between the town and its province.
      if (/^\s*(?:\w+\s+){0,2}?(?:\(|,)\s*(?:the\s+)?$/i.test(between) || /^\s+(?:district|sub-?district|governorate|province|city|town|village|area|camp)\s*(?:\(|,)\s*$/i.test(between) || /^\s*,\s*(?:\w+,\s*)?$/.test(between) || /^\s*\(\s*[\p{L}'’ -]{2,30},\s*$/u.test(between)) hint();
      // "Abu Khater village near Thiban town": the town it is near locates it as well as a province would.
      else if (/^\s+(?:(?:village|town|city|area|camp|hill|neighbo(?:u)?rhood)\s+)?near\s+(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?$/i.test(between)) hint(between);
      // "Kharita in Tal Tamer area": the kind word after the larger place makes it a hint too.
      else if (/^\s+in\s+(?:the\s+)?$/i.test(between) && kindAfter) hint(`${between}${kindAfter[1]}`);
      // "X of Y" alone is too loose ("the governor of Anbar"); "X in Y" needs its kind word ("the Karaj area in Mosul").
      else if (CONTAINED_IN.test(between) && (/^\s+(?:of|in|within)\b/i.test(between) ? /^\s+of\b/i.test(between) && raw[i - 1].candidates.every((id) => !id.startsWith('country:')) : true)) hint(between);
    }
    const candidatesOf = raw.map((r) => r.candidates.map((id) => g.byId(id)!).filter(Boolean));
    // Countries the document itself names as places (not as adjectives), and those of places that can only be one place.
    const docCountries = new Map<string, number>();
    const own = raw.map(() => null as { country: string; weight: number } | null);
    const strongCountries = new Set<string>();
    raw.forEach((r, i) => {
      // A name that can only be one place names its country, unless it is a town abroad that might be a misreading.
      // Frontline villages vouch for no country: the document must point to their province first.
      const cands = candidatesOf[i].filter((p) => !isFrontlineVillage(p));
      const cs = new Set(cands.map((p) => p.country).filter((c): c is string => !!c));
      // "U.S. forces" says whose forces, not where: adjectives count for little, abbreviations for nothing, and a
      // country that is the subject of a sentence ("The United States has expressed concern") is a party, not a place.
      const locative = r.locative || r.hintOf !== null;
      const countryOnly = cands.every((p) => p.kind === 'country');
      const weight = r.relation === 'modifier' ? (/^(?:[A-Z]\.){2,}$|^[A-Z]{2,3}$/.test(r.surface) ? 0 : 0.5) : countryOnly && !locative ? 0.3 : 1;
      const telling = !r.loose && (cands.some((p) => p.kind !== 'city') || cands.every((p) => p.country && FOCUS_COUNTRIES.has(p.country)));
      if (cs.size === 1 && telling && weight > 0) {
        const c = [...cs][0];
        docCountries.set(c, (docCountries.get(c) ?? 0) + weight);
        own[i] = { country: c, weight };
        // Countries named as such, or by a province or a facility, are strong enough to rule out a town elsewhere.
        if (cands.some((p) => p.kind !== 'city')) strongCountries.add(c);
      }
    });
    // Provinces the document puts in play: named as places or hints, or holding a town that can only be one place.
    // A village from the frontline maps (data/gazetteer) is taken only inside them: a namesake elsewhere ("Hadi",
    // "Hurriyah" in another governorate) is likelier than a village no other word of the report points to.
    const docProvinces = new Set<string>();
    raw.forEach((r, i) => {
      const cands = candidatesOf[i];
      for (const p of cands) if (p.kind === 'admin1' && p.admin1) docProvinces.add(`${p.country}:${p.admin1}`);
      const towns = cands.filter((p) => !isFrontlineVillage(p));
      if (towns.length === 1 && towns[0].admin1 && towns[0].kind !== 'country') docProvinces.add(`${towns[0].country}:${towns[0].admin1}`);
    });
    // "Al-Khudraniyah, Shirqat": a name and its hint that can both lie in one province vouch for each other there.
    raw.forEach((r, i) => {
      if (r.hintOf === null) return;
      const there = new Set(candidatesOf[r.hintOf].map((p) => `${p.country}:${p.admin1}`));
      for (const p of candidatesOf[i]) if (p.admin1 && p.kind !== 'country' && there.has(`${p.country}:${p.admin1}`)) docProvinces.add(`${p.country}:${p.admin1}`);
    });
    const hintAdmins = new Map<number, Set<string>>();
    /** Provinces named as such by a hint ("Duma, As Suwayda"): a town of the same name in another province is not meant. */
    const hintProvinces = new Map<number, Set<string>>();
    raw.forEach((r, i) => {
      if (r.hintOf === null) return;
      const provinces = hintProvinces.get(r.hintOf) ?? new Set<string>();
      for (const p of candidatesOf[i]) if (p.kind === 'admin1' && p.admin1) provinces.add(`${p.country}:${p.admin1}`);
      hintProvinces.set(r.hintOf, provinces);
      const set = hintAdmins.get(r.hintOf) ?? new Set<string>();
      // A hint names a province or a country; a village that happens to share that name ("Iraq", Iran) is not the hint.
      const larger = candidatesOf[i].filter((p) => p.kind === 'country' || p.kind === 'admin1' || p.kind === 'region');
      for (const p of larger.length ? larger : candidatesOf[i]) { if (p.admin1) set.add(`${p.country}:${p.admin1}`); if (p.country) set.add(p.country); }
      hintAdmins.set(r.hintOf, set);
    });
    const mentions: PlaceMention[] = raw.map((r, i) => {
      const cands = candidatesOf[i].filter((p) => !isFrontlineVillage(p) || docProvinces.has(`${p.country}:${p.admin1}`));
      if (cands.length === 0) return { ...r, place: unresolved<Place>(candidatesOf[i].length ? 'only frontline villages in provinces the document does not name' : 'no gazetteer entry') };
      const hints = hintAdmins.get(i);
      const formHint = r.hintOf !== null && !wordedHints.has(i);
      // Keys computed once per mention (names through the gazetteer's memo): a common name has dozens of candidates.
      const surfaceKey = g.wordKey(r.surface);
      const bearsName = (c: Place) => g.wordKey(c.name) === surfaceKey;
      const someoneBearsName = cands.some(bearsName);
      const bareSurface = fold(r.surface).replace(/^(?:al|el|as|ash|ad|ar|at|az|an) /, '');
      const ranked = cands.map((p) => {
        let score = 0;
        const reasons: string[] = [];
        if (p.country && docCountries.has(p.country)) { score += 3 + Math.min(2, docCountries.get(p.country)! * 0.5); reasons.push('country-named-in-document'); }
        if (hints && p.admin1 && hints.has(`${p.country}:${p.admin1}`)) { score += 4; reasons.push('admin1-hint'); }
        else if (hints && p.country && hints.has(p.country)) { score += 2; reasons.push('country-hint'); }
        if (p.country && FOCUS_COUNTRIES.has(p.country)) { score += 1.5; reasons.push('focus-region-prior'); }
        // A place reached only through one of its many alternate names ranks below one that bears the name.
        if (!bearsName(p) && someoneBearsName) { score -= 1; reasons.push('alternate-name-only'); }
        // The name as written, before doubled letters are merged, tells "Iran" from Iraan, Texas.
        if (fold(p.name).replace(/^(?:al|el|as|ash|ad|ar|at|az|an) /, '') === bareSurface) { score += 1.5; reasons.push('exact-spelling'); }
        // A bare country name means the country before any town that shares it ("Jordan", not Jordan, Minnesota).
        if (p.kind === 'country' && bearsName(p)) { score += 2.5; reasons.push('country-name'); }
        if (r.levelWord === 'province' && p.kind === 'admin1') { score += 3; reasons.push('province-word'); }
        // "Duma, As Suwayda, Syria": the name after a town, in the gazetteers' own form, is its province, not the city.
        else if (formHint && p.kind === 'admin1') { score += 4; reasons.push('hint-is-province'); }
        if ((r.levelWord === 'city' || r.levelWord === 'village') && p.kind === 'city') { score += 1; reasons.push('town-word'); }
        if (r.levelWord === null && !formHint && p.kind === 'city' && cands.some((c) => c.kind === 'admin1' && c.country === p.country)) { score += 0.5; reasons.push('bare-name-is-town'); }
        score += kindRank(p) * 0.2 + Math.log10(p.population + 1) * 0.25;
        return { place: p, score, why: reasons.join('+') || 'population' };
      });
      // Highest score first; among equals the gazetteer's order stands (sort is stable).
      ranked.sort((a, b) => b.score - a.score);
      const hintCountries = hints ? [...hints].filter((h) => !h.includes(':')) : [];
      // Confirmed by another mention: a name cannot vouch for itself.
      // The weight of the document's mentions of country c, less this mention's own where it cannot vouch for itself.
      const othersFor = (c: string, withoutOwn: boolean) => (docCountries.get(c) ?? 0) - (withoutOwn && own[i]?.country === c ? own[i]!.weight : 0);
      const confirmedBy = (c: string | null, withoutOwn: boolean) => !!c && (othersFor(c, withoutOwn) > 0 || hintCountries.includes(c));
      const isConfirmed = (best: Place) => confirmedBy(best.country, best.kind === 'city' || r.loose);
      // "the Karaj area in northeast Mosul": a part of a town lies within it, so a namesake village a day's walk away is
      // not meant; the town itself stands in for it.
      const withinTowns = raw.flatMap((h, j) => (h.hintOf === i && /\b(?:area|neighbo(?:u)?rhood|quarter|near)\b/i.test(wordedHints.get(j) ?? '') && !/\b(?:countryside|desert|outskirts|province|governorate|region)\b/i.test(wordedHints.get(j) ?? '') && candidatesOf[j].length && candidatesOf[j].every((p) => p.kind === 'city') ? [candidatesOf[j]] : []));
      const provinces = [...(hintProvinces.get(i) ?? [])];
      /**
       * Why a candidate cannot be the place meant (and whether only its country's confirmation is missing), or null if
       * nothing rules it out.
       */
      const refusal = (best: Place): { why: string; countryUnconfirmed: boolean } | null => {
        const no = (why: string, countryUnconfirmed = false) => ({ why, countryUnconfirmed });
        const confirmed = isConfirmed(best);
        if (best.kind !== 'country' && hintCountries.length && best.country && !hintCountries.includes(best.country)) return no('the hint that follows names another country');
        if (best.kind === 'city' && withinTowns.some((towns) => towns.every((t) => km(t, best) > 20))) return no('the town it is said to lie in is far from it');
        // The hint names a province of the town's own country, and the town lies in another: a namesake, not the place
        // meant. The province itself stands in for it.
        if (best.kind === 'city' && best.admin1 && provinces.some((h) => h.startsWith(`${best.country}:`)) && !provinces.includes(`${best.country}:${best.admin1}`)) return no('the province that follows is not the town\'s');
        if (r.loose && !confirmed) return no('loose spelling match not confirmed by the document\'s countries', true);
        // A town reached through one of GeoNames' many alternate names ("Salam" for Saham, Oman) needs its country
        // confirmed by the rest of the document; reviewed localities and primary names do not.
        if (best.kind === 'city' && !best.id.startsWith('locality:') && !bearsName(best) && !confirmed) return no('matched only by an alternate name, its country not named', true);
        if ((best.kind === 'city' || best.kind === 'admin1') && best.country && !confirmed && [...strongCountries].some((c) => c !== best.country)) return no('a town or province outside the countries the document names', true);
        // "Northern", "Eastern", "Capital": a province named by a common word counts only where its country is in play.
        if (best.kind === 'admin1' && COMMON_WORD_PROVINCE.test(best.name) && !confirmed) return no('a province named by a common word, its country not named', true);
        if (best.country && !confirmed && !FOCUS_COUNTRIES.has(best.country) && best.kind !== 'country') return no('only candidates are outside the document\'s countries');
        return null;
      };
      const top = ranked[0];
      const refused = refusal(top.place);
      const rule = (c: typeof top) => (cands.length > 1 ? `ranked:${c.why}` : 'unique-name');
      if (refused === null) return { ...r, place: resolved(top.place, Math.min(1, top.score / 8), rule(top), [{ start: r.start, end: r.end }]) };
      // "the Kurdistan region" in a report about Iraq: when the likeliest namesake lies outside the countries the report
      // names, the best one inside them (named by other mentions, never by this one) is meant.
      const inside = refused.countryUnconfirmed ? ranked.slice(1).find((c) => confirmedBy(c.place.country, true) && refusal(c.place) === null) : undefined;
      if (inside) return { ...r, place: resolved(inside.place, Math.min(1, inside.score / 8), `${rule(inside)}+in-a-country-the-document-names`, [{ start: r.start, end: r.end }]) };
      return { ...r, place: unresolved<Place>(`${refused.why} (best: ${top.place.name}, ${top.place.country})`, [{ start: r.start, end: r.end }]) };
    });
    return withLayer(doc, PLACES, mentions);
  },
};
