import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface NlpToken {
  start: number;
  end: number;
}

export interface NlpSentence {
  start: number;
  end: number;
  tokens: NlpToken[];
}

/** The thin seam over wink-nlp: sentences and tokens with UTF-16 offsets into the given string. */
export interface Nlp {
  analyse(text: string): NlpSentence[];
}

/**
 * wink-nlp adds every word it has not seen to its vocabulary and keeps it: over a long-running worker that is a slow
 * leak (about 0.1 MB per thousand new words, measured). A fresh instance every so many texts bounds it, for the
 * cost of loading the model again (under 0.1 s).
 */
const TEXTS_PER_INSTANCE = 20_000;

export function createNlp(opts: { textsPerInstance?: number } = {}): Nlp {
  const perInstance = opts.textsPerInstance ?? TEXTS_PER_INSTANCE;
  // Sentence boundaries are all the pipeline takes from wink-nlp: its part-of-speech tagger, entity recogniser,
  // negation and sentiment passes would cost twice as much again (0.65 vs 0.34 ms per 3 KB report, measured).
  const load = () => winkNLP(model, ['sbd']);
  let nlp = load();
  let read = 0;
  return {
    analyse(text: string): NlpSentence[] {
      if (++read > perInstance) {
        nlp = load();
        read = 1;
      }
      const its = nlp.its;
      const wdoc = nlp.readDoc(text);
      // Whole-collection outputs: one call each, much cheaper than asking token by token.
      const values = wdoc.tokens().out() as string[];
      const spaces = wdoc.tokens().out(its.precedingSpaces) as string[];
      const tokens: NlpToken[] = new Array(values.length);
      // wink keeps each token's value and the whitespace before it, so offsets follow by accumulation;
      // the guard re-aligns on the rare token whose value is normalised.
      let cursor = 0;
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        let start = cursor + (spaces[i]?.length ?? 0);
        if (text.startsWith(value, start) === false) {
          const found = text.indexOf(value, cursor);
          if (found >= 0) start = found;
        }
        const end = Math.min(text.length, start + value.length);
        tokens[i] = { start, end };
        cursor = end;
      }
      const sentences: NlpSentence[] = [];
      for (const [first, last] of wdoc.sentences().out(its.span) as [number, number][]) {
        const toks = tokens.slice(first, last + 1);
        if (toks.length) sentences.push({ start: toks[0].start, end: toks[toks.length - 1].end, tokens: toks });
      }
      return sentences;
    },
  };
}
