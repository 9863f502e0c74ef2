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
      const tokens: NlpToken[] = [];
      // wink keeps each token's value and the whitespace before it, so offsets follow by accumulation;
      // the guard below re-aligns on the rare token whose value is normalised.
      let cursor = 0;
      wdoc.tokens().each((t: any) => {
        const value: string = t.out();
        const pre: string = t.out(its.precedingSpaces) ?? '';
        let start = cursor + pre.length;
        if (text.slice(start, start + value.length) !== value) {
          const found = text.indexOf(value, cursor);
          start = found >= 0 ? found : start;
        }
        const end = Math.min(text.length, start + value.length);
        tokens.push({ start, end, pos: t.out(its.pos), type: t.out(its.type) });
        cursor = end;
      });
      const sentences: NlpSentence[] = [];
      wdoc.sentences().each((s: any) => {
        const [first, last] = s.out(its.span) as [number, number];
        const toks = tokens.slice(first, last + 1);
        if (toks.length === 0) return;
        sentences.push({ start: toks[0].start, end: toks[toks.length - 1].end, tokens: toks });
      });
      return sentences;
    },
  };
}
