/** Arabic article forms that transliterations attach with a hyphen or space ("al-", "Ad ", "ez-"). */
const ARTICLES = new Set(['al', 'el', 'al', 'ar', 'as', 'ash', 'at', 'ath', 'az', 'ad', 'adh', 'an', 'ed', 'ez', 'es', 'er', 'et', 'en', 'ul', 'the']);

/** Spelling variants that differ by one transliteration habit; mapped to one form on both sides of a lookup. */
const TOKEN_VARIANTS: Record<string, string> = {
  dayr: 'deir', deyr: 'deir', dair: 'deir', tall: 'tal', tell: 'tal', ayn: 'ain', ein: 'ain', ayin: 'ain',
  abou: 'abu', bou: 'abu', qaryat: 'qarya', madinat: 'madina', jabal: 'jebel', jabel: 'jebel', djebel: 'jebel',
  shaikh: 'sheikh', shaykh: 'sheikh', shekh: 'sheikh', sheik: 'sheikh', khirbat: 'khirbet', kafr: 'kfar', kefr: 'kfar',
  zawr: 'zor', zour: 'zor', ezzor: 'zor', hasakah: 'hasaka', hasakeh: 'hasaka', hassakeh: 'hasaka', hasake: 'hasaka',
  idlib: 'idleb', raqqah: 'raqqa', rakka: 'raqqa', hudaydah: 'hodeidah', hodeida: 'hodeidah', hudaida: 'hodeidah',
  taizz: 'taiz', taez: 'taiz', sanaa: 'sana', mushayt: 'mushait', mushait: 'mushait', khamees: 'khamis',
  jizan: 'jazan', gizan: 'jazan', sulaimaniya: 'sulaymaniyah', sulaimaniyah: 'sulaymaniyah', suleimaniyah: 'sulaymaniyah', sulaymaniya: 'sulaymaniyah',
  dohuk: 'duhok', dahuk: 'duhok', dihok: 'duhok', dahok: 'duhok', arbil: 'erbil', irbil: 'erbil', ninawa: 'ninewa', nineveh: 'ninewa',
  bukamal: 'abu kamal', albu: 'abu', boukamal: 'abu kamal', fallujah: 'falluja', fallouja: 'falluja', mawsil: 'mosul',
};

/** Lower-case, strip accents and apostrophe-like marks, turn every other separator into one space. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[‘’'`ʿʾ´ʼ]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The lookup key: folded, articles dropped, variant spellings merged ("Dayr al-Zawr" and "Deir ez-Zor" meet). */
export function placeKey(s: string): string {
  const tokens = fold(s).split(' ').filter((t) => t && !ARTICLES.has(t));
  // Doubled letters are a transliteration habit, not a different name (Radaa / Rada, Shaddadah / Shadadah).
  // Doubled letters and a final h are transliteration habits, not different names (Radaa / Rada, Amadiyah / Amadiya).
  return tokens.map((t) => (TOKEN_VARIANTS[t] ?? t).replace(/([a-z])\1+/g, '$1').replace(/(?<=\w\w)([ae])h$/, '$1')).join(' ');
}

/**
 * A looser key for names spelled many ways in Latin letters (Sderot / Sederot, Shadadah / Ash Shaddadah):
 * vowels after a word's first letter dropped, doubled letters merged, a final h dropped. Used only as a fallback,
 * and only where the document's countries confirm the match.
 */
export function skeletonKey(key: string): string {
  return key
    .split(' ')
    .map((t) => {
      let x = t.replace(/h+$/, '');
      x = (x[0] ?? '') + x.slice(1).replace(/[aeiouyw]/g, '');
      return x.replace(/h+$/, '').replace(/(.)\1+/g, '$1');
    })
    .join(' ');
}

export function isArticle(token: string): boolean {
  return ARTICLES.has(token.toLowerCase());
}
