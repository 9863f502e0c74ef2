import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface NlpToken {
  start: number;
  end: number;
  pos: string;
  type: string;
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

export function createNlp(): Nlp {
  const nlp = winkNLP(model);
  const its = nlp.its;
  return {
    analyse(text: string): NlpSentence[] {
      const wdoc = nlp.readDoc(text);
      // Whole-collection outputs: one call each, much cheaper than asking token by token.
      const values = wdoc.tokens().out() as string[];
      const spaces = wdoc.tokens().out(its.precedingSpaces) as string[];
      const pos = wdoc.tokens().out(its.pos) as string[];
      const types = wdoc.tokens().out(its.type) as string[];
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
        tokens[i] = { start, end, pos: pos[i], type: types[i] };
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
