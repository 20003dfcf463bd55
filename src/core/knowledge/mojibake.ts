/**
 * Repairs text whose UTF-8 bytes were once decoded as Windows-1252 and saved again as UTF-8
 * ("ðŸ¤–" for 🤖, "â€“" for –). Bytes that cp1252 cannot show were lost in that round trip, so a
 * sequence that cannot be restored is dropped rather than left as garbage.
 */

// cp1252 code points 0x80–0x9F that differ from Latin-1, keyed by the character they display as.
export const CP1252_SPECIALS: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
  'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
  '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

const byteOf = (ch: string): number | undefined => {
  const special = CP1252_SPECIALS[ch];
  if (special !== undefined) return special;
  const code = ch.codePointAt(0) ?? 0;
  return code >= 0x80 && code <= 0xff ? code : undefined;
};

const specials = Object.keys(CP1252_SPECIALS).join('');
// A run starts with a UTF-8 lead byte (Â–ô) and continues with characters that stand for bytes.
const RUN = new RegExp(`[\\u00c2-\\u00f4][\\u0080-\\u00ff${specials}]+`, 'gu');
const MARKERS = /Ã[\u0080-\u00bf]|â€|ðŸ|Â[\u00a0-\u00bf]|Ã©|Ã¨/gu;

/** True when the text shows the tell-tale sequences of UTF-8 read as cp1252. */
export function looksMisdecoded(text: string): boolean {
  return (text.match(MARKERS)?.length ?? 0) >= 3;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

function repairRun(run: string): string {
  const bytes: number[] = [];
  for (const ch of run) {
    const b = byteOf(ch);
    if (b === undefined) return run;
    bytes.push(b);
  }
  const data = Uint8Array.from(bytes);
  try {
    return strict.decode(data);
  } catch {
    // Part of the sequence was lost (cp1252 has no glyph for 0x81, 0x8D, 0x8F, 0x90, 0x9D):
    // keep what decodes, drop the broken remainder.
    return lenient.decode(data).replace(/\uFFFD/gu, '');
  }
}

/** Returns the repaired text, or the input unchanged when it does not look mis-decoded. */
export function repairMojibake(text: string): string {
  if (!looksMisdecoded(text)) return text;
  return text.replace(RUN, repairRun).replace(/\uFE0F(?=\s)/gu, '');
}

const CP1252_BY_BYTE = new Map(Object.entries(CP1252_SPECIALS).map(([ch, b]) => [b, ch]));

/**
 * Decodes Windows-1252 bytes. (Node 20.18.3+ decodes 0x80–0x9F of 'windows-1252' as Latin-1
 * control characters, so curly quotes and dashes would vanish; this maps them by the table.)
 */
export function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? (CP1252_BY_BYTE.get(b) ?? '') : String.fromCharCode(b);
  return out;
}
