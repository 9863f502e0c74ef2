/**
 * Which language a report is in. sitrep's lexicons, number words and sentence model are English: a report in
 * another language is stored and searchable, but no events are read from it (it gets a `non-english`
 * diagnostic instead of guesses). Detection is franc-min, restricted to the languages reports in this domain
 * come in, and only on enough text; otherwise the metadata's language stands.
 */
import { francAll } from 'franc-min';
import type { Document } from '../../core/document.js';
import { layerKey, withDiagnostics, withLayer, withMeta } from '../../core/document.js';
import type { Stage } from '../../core/pipeline.js';
import type { StageContext } from '../context.js';

export interface LanguageInfo {
  /** ISO 639-1 code, or 'und' when neither the text nor the metadata says. */
  code: string;
  /** 'detected' by franc, 'script' (Hebrew, which franc-min lacks), from 'metadata', or 'unknown'. */
  source: 'detected' | 'script' | 'metadata' | 'unknown';
  /** Letters in the sample the decision was made on. */
  letters: number;
}

export const LANGUAGE = layerKey<LanguageInfo>('language');

/** Fewer letters than this and trigram statistics are noise: the metadata's word stands. */
export const MIN_LETTERS = 200;
/** Detection reads the start of the text only: enough for a verdict, bounded for huge inputs. */
const SAMPLE_CHARS = 3_000;
/** English function words: their share of words tells English text at a glance, before any trigram count. */
const ENGLISH_FUNCTION_WORDS = new Set(['the', 'and', 'of', 'to', 'in', 'a', 'was', 'were', 'is', 'are', 'on', 'for', 'that', 'with', 'said', 'by', 'at', 'from', 'as', 'an', 'it', 'his', 'has', 'have', 'had']);
const FUNCTION_WORD_MAX = Math.max(...[...ENGLISH_FUNCTION_WORDS].map((w) => w.length));
const LETTER = /\p{L}/u;
const HEBREW = /\p{Script=Hebrew}/u;

/** Letters, Hebrew letters and ASCII letters in a sample: one pass, the regexes asked only outside ASCII. */
function countLetters(sample: string): { letters: number; hebrew: number; latin: number } {
  let letters = 0;
  let hebrew = 0;
  let latin = 0;
  for (const ch of sample) {
    const c = ch.charCodeAt(0);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) { letters++; latin++; }
    else if (c > 127 && LETTER.test(ch)) { letters++; if (HEBREW.test(ch)) hebrew++; }
  }
  return { letters, hebrew, latin };
}

/** Runs of a-z in a lower-cased sample (its words), and how many are English function words; no word is copied but short ones. */
function countWords(lower: string): { words: number; functionWords: number } {
  let words = 0;
  let functionWords = 0;
  for (let i = 0; i < lower.length; ) {
    const c = lower.charCodeAt(i);
    if (c < 97 || c > 122) { i++; continue; }
    let j = i + 1;
    while (j < lower.length && lower.charCodeAt(j) >= 97 && lower.charCodeAt(j) <= 122) j++;
    words++;
    if (j - i <= FUNCTION_WORD_MAX && ENGLISH_FUNCTION_WORDS.has(lower.slice(i, j))) functionWords++;
    i = j;
  }
  return { words, functionWords };
}

/** franc's ISO 639-3 codes for the languages considered, and their ISO 639-1 codes. */
const CANDIDATES: Readonly<Record<string, string>> = {
  eng: 'en',
  arb: 'ar',
  pes: 'fa',
  tur: 'tr',
  ckb: 'ku',
  fra: 'fr',
  rus: 'ru',
  ukr: 'uk',
  spa: 'es',
  deu: 'de',
};
const ONLY = Object.keys(CANDIDATES);

const NAMES: Readonly<Record<string, string>> = { en: 'English', ar: 'Arabic', fa: 'Persian', tr: 'Turkish', ku: 'Kurdish', he: 'Hebrew', fr: 'French', ru: 'Russian', uk: 'Ukrainian', es: 'Spanish', de: 'German' };

export function detectLanguage(text: string, metaLanguage: string | null): LanguageInfo {
  const sample = text.slice(0, SAMPLE_CHARS);
  const { letters, hebrew, latin } = countLetters(sample);
  const fallback = (): LanguageInfo => (metaLanguage ? { code: metaLanguage, source: 'metadata', letters } : { code: 'und', source: 'unknown', letters });
  if (letters < MIN_LETTERS) return fallback();
  if (hebrew * 2 > letters) return { code: 'he', source: 'script', letters };
  // Most reports are English: a Latin-script sample where function words are a fifth of the words needs no trigrams.
  if (latin / letters > 0.95) {
    const { words, functionWords } = countWords(sample.toLowerCase());
    if (words >= 40 && functionWords / words >= 0.2) return { code: 'en', source: 'detected', letters };
  }
  const top = francAll(sample, { only: ONLY, minLength: 1 })[0]?.[0];
  const code = top ? CANDIDATES[top] : undefined;
  return code ? { code, source: 'detected', letters } : fallback();
}

/** True when the document is known to be in a language other than English: no events are read from it. */
export function isNonEnglish(info: LanguageInfo | undefined): boolean {
  return !!info && info.code !== 'und' && info.code !== 'en';
}

export const languageStage: Stage<StageContext> = {
  name: 'language',
  needs: [],
  adds: [LANGUAGE],
  run(doc: Document): Document {
    const info = detectLanguage(doc.text, doc.meta.language);
    let out = withLayer(doc, LANGUAGE, info);
    if (info.code !== 'und' && info.code !== doc.meta.language) out = withMeta(out, { language: info.code });
    if (isNonEnglish(info)) {
      const name = NAMES[info.code] ?? info.code;
      out = withDiagnostics(out, [{
        code: 'non-english',
        severity: 'warning',
        stage: 'language',
        message: `the report is in ${name} (${info.source === 'metadata' ? 'by its metadata' : 'detected'}); events are read from English text only`,
        data: { language: info.code, source: info.source },
      }]);
    }
    return out;
  },
};
