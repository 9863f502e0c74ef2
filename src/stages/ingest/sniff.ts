/** Byte-level checks shared by files and stdin: size, encoding, binary content, and which reader to use. */
import { extname } from 'node:path';

/** Larger inputs are almost certainly dumps or the wrong file, and would be held in memory whole. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

export type InputFormat = 'text' | 'html' | 'jsonl';

const BY_EXTENSION: Readonly<Record<string, InputFormat>> = {
  '': 'text',
  '.txt': 'text',
  '.md': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export const SUPPORTED_EXTENSIONS = Object.keys(BY_EXTENSION).filter((e) => e !== '');

/** The reader for a path by its extension, or null when sitrep cannot read that kind of file. */
export function formatForPath(path: string): InputFormat | null {
  const ext = extname(path).toLowerCase();
  return Object.prototype.hasOwnProperty.call(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : null;
}

/** Stdin has no name, so its content decides: markup is HTML, a leading JSON object is JSONL, the rest is text. */
export function sniffFormat(text: string): InputFormat {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (/^<(?:!doctype\s+html|html|head|body|article|!--|meta|div|p[\s>])/i.test(head)) return 'html';
  if (head.startsWith('{')) return 'jsonl';
  return 'text';
}

/**
 * Decode bytes to a string. UTF-16 is honoured when it announces itself with a BOM (Windows editors write
 * it); an HTML page may name its charset in a meta tag; everything else is read as UTF-8, with invalid
 * sequences turned into U+FFFD so the binary check can count them.
 */
export function decodeBytes(bytes: Uint8Array, format: InputFormat | 'unknown'): { text: string; encoding: string } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  const hasUtf8Bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (format === 'html' && !hasUtf8Bom) {
    const label = declaredCharset(bytes);
    if (label) {
      try {
        const decoder = new TextDecoder(label);
        if (decoder.encoding !== 'utf-8') return { text: decoder.decode(bytes), encoding: decoder.encoding };
      } catch {
        // An unknown charset label: fall through to UTF-8, the web's default.
      }
    }
  }
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
}

function declaredCharset(bytes: Uint8Array): string | null {
  // The declaration must sit near the top (the HTML spec looks at the first 1024 bytes); latin1 maps bytes 1:1.
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i.exec(head);
  return m ? m[1] : null;
}

/**
 * Why the content is binary, or null when it is text. NUL bytes never occur in text (outside UTF-16, which
 * was decoded before this check); otherwise more than 10% control characters or undecodable bytes means
 * the file is not a report.
 */
export function binaryReason(bytes: Uint8Array, decoded: { text: string; encoding: string }): string | null {
  if (!decoded.encoding.startsWith('utf-16') && bytes.includes(0)) return 'binary content (NUL bytes)';
  let total = 0;
  let bad = 0;
  for (const ch of decoded.text) {
    total++;
    const c = ch.codePointAt(0)!;
    const allowedControl = c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
    if ((c < 0x20 && !allowedControl) || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0xfffd) bad++;
  }
  if (total > 0 && bad / total > 0.1) return `binary content (${Math.round((100 * bad) / total)}% control characters or invalid UTF-8)`;
  return null;
}

/** Strip a leading BOM and turn CRLF and lone CR into LF: spans are offsets, so the text must settle first. */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}
