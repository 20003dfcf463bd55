// Proves the knowledge loader accepts what a study group actually saves (clean markdown, plain text,
// the mis-decoded raw notes, Windows-1252 text, sub-folders) and skips what it cannot use (empty,
// binary, over-size, unreadable files) with a warning naming each file, without ever throwing; and
// that a huge but allowed file is split into many chunks with a warning.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCp1252 } from '../../src/core/knowledge/mojibake.ts';
import { decodeKnowledgeFile, loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { Glossary } from '../../src/core/retrieval/glossary.ts';
import { openKnowledgeBase } from '../../src/core/retrieval/index-store.ts';
import { LocalHashEmbeddings } from '../../src/core/retrieval/local-embedder.ts';
import { silentLogger } from '../../src/log.ts';

const RAW_NOTES = path.resolve(import.meta.dirname, '../../../shared/module-notes/module-7-notes.raw.md');
const MAX_BYTES = 100_000;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00]);
/** chmod 000 does not stop root from reading, so the unreadable-file case can only be shown as a normal user. */
const RUNNING_AS_ROOT = process.getuid?.() === 0;
/** Whether this Node's TextDecoder maps cp1252's 0x96 to U+0096 instead of '–' (nodejs/node#60888). */

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'studybot-loader-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** The raw notes when the shared folder is present, else a synthetic file mis-decoded the same way. */
function rawNotes(): Buffer {
  if (existsSync(RAW_NOTES)) return readFileSync(RAW_NOTES);
  const text = '# 🤖 Module 7 – Notes\n\nAttention = Softmax(QK^T/√d_k)V – the core “idea”.\n';
  // Node 20's 'windows-1252' decoder is Latin-1 for 0x80–0x9F (nodejs/node#60888): use the real table.
  const cp1252 = decodeCp1252(Buffer.from(text, 'utf8'));
  return Buffer.from(cp1252, 'utf8');
}

describe('loadKnowledge over a folder of good and bad files', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof loadKnowledge>>;

  beforeAll(async () => {
    dir = tempDir();
    mkdirSync(path.join(dir, 'nested'));
    writeFileSync(path.join(dir, 'good.md'), '# LoRA\n\nLoRA trains two low-rank matrices B and A.\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'Plain text notes about RLHF.\n');
    writeFileSync(path.join(dir, 'nested', 'sub.md'), '# Nested\n\nNotes in a sub-folder count too.\n');
    writeFileSync(path.join(dir, 'module-7-notes.raw.md'), rawNotes());
    writeFileSync(path.join(dir, 'windows.txt'), Buffer.from('Caf\xe9 notes \x96 na\xefve Bayes\r\n', 'latin1'));
    writeFileSync(path.join(dir, 'empty.md'), '');
    writeFileSync(path.join(dir, 'blank.md'), '\n\n   \n');
    writeFileSync(path.join(dir, 'diagram.md'), Buffer.concat([PNG, Buffer.alloc(64, 0xff)]));
    writeFileSync(path.join(dir, 'too-big.md'), `# Big\n\n${'word '.repeat(MAX_BYTES / 4)}`);
    writeFileSync(path.join(dir, 'slides.pdf'), '%PDF-1.7\n');
    result = await loadKnowledge(dir, MAX_BYTES);
  });

  it('keeps the usable files, including sub-folders, plain text and Windows-1252 text', () => {
    expect(result.docs.map((d) => d.file)).toEqual(['good.md', 'module-7-notes.raw.md', 'nested/sub.md', 'notes.txt', 'windows.txt']);
    expect(result.docs.find((d) => d.file === 'windows.txt')?.text).toMatch(/^Café notes .* naïve Bayes\n$/u);
  });

  // Node 20.18.3+ decodes 'windows-1252' as Latin-1 (nodejs/node#60888); the loader maps 0x80–0x9F itself.
  it('decodes Windows-1252 punctuation (0x80–0x9F) as the characters it stands for', () => {
    expect(result.docs.find((d) => d.file === 'windows.txt')?.text).toBe('Café notes – naïve Bayes\n');
  });

  it('repairs the raw notes as it loads them', () => {
    const raw = result.docs.find((d) => d.file === 'module-7-notes.raw.md')?.text ?? '';
    expect(raw).toContain('Module 7');
    expect(raw).not.toMatch(/â€|ðŸ/u);
    expect(raw).toContain('√d_k');
  });

  it('skips empty, whitespace-only, binary and over-size files with one warning naming each', () => {
    const skipped = (file: string) => result.warnings.filter((w) => w.startsWith(`skipped ${file}:`));
    expect(skipped('empty.md')).toEqual(['skipped empty.md: it is empty']);
    expect(skipped('blank.md')).toEqual(['skipped blank.md: it has no text']);
    expect(skipped('diagram.md')).toEqual(['skipped diagram.md: it looks binary (NUL bytes)']);
    expect(skipped('too-big.md')).toHaveLength(1);
    expect(skipped('too-big.md')[0]).toMatch(/over the 100000-byte limit \(STUDYBOT_MAX_FILE_BYTES\)/u);
    expect(result.warnings).toHaveLength(5);
  });

  it('does not load a .pdf as notes, and says so naming the file', () => {
    expect(result.docs.some((d) => d.file.endsWith('.pdf'))).toBe(false);
    expect(result.warnings).toContain('skipped slides.pdf: only .md, .markdown and .txt files are read as notes');
  });

  it('returns a warning, not an exception, for a folder that does not exist', async () => {
    const missing = path.join(tempDir(), 'no-such-folder');
    const r = await loadKnowledge(missing, MAX_BYTES);
    expect(r.docs).toEqual([]);
    expect(r.warnings[0]).toContain(`knowledge folder ${missing} cannot be read`);
  });

  it('says so when a folder holds no usable notes at all', async () => {
    const d = tempDir();
    writeFileSync(path.join(d, 'empty.md'), '');
    const r = await loadKnowledge(d, MAX_BYTES);
    expect(r.docs).toEqual([]);
    expect(r.warnings).toEqual(['skipped empty.md: it is empty', `no usable notes in ${d}`]);
  });

  it.skipIf(RUNNING_AS_ROOT)('skips an unreadable file (chmod 000) with a warning naming it', async () => {
    const d = tempDir();
    writeFileSync(path.join(d, 'good.md'), '# Good\n\nReadable.\n');
    writeFileSync(path.join(d, 'locked.md'), '# Locked\n\nSecret.\n');
    chmodSync(path.join(d, 'locked.md'), 0o000);
    const r = await loadKnowledge(d, MAX_BYTES);
    chmodSync(path.join(d, 'locked.md'), 0o644);
    expect(r.docs.map((doc) => doc.file)).toEqual(['good.md']);
    expect(r.warnings).toEqual(['skipped locked.md: EACCES']);
  });
});

describe('decodeKnowledgeFile', () => {
  it('decodes UTF-8 with a BOM and CRLF line ends into clean text', () => {
    expect(decodeKnowledgeFile(Buffer.from('\uFEFF# Title\r\nLine\r\n', 'utf8'))).toEqual({ text: '# Title\nLine\n' });
  });

  it('rejects bytes that are neither UTF-8 nor printable Windows-1252 text', () => {
    const noise = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 0x01 : 0xc3)));
    expect(decodeKnowledgeFile(noise)).toEqual({ problem: 'it is not text (unprintable bytes)' });
  });
});

describe('openKnowledgeBase with a huge but allowed markdown file', () => {
  it('splits a 2 MB file into many bounded chunks, warns about its size, and still finds a passage in it', async () => {
    const root = tempDir();
    const knowledgeDir = path.join(root, 'knowledge');
    mkdirSync(knowledgeDir);
    const sections: string[] = [];
    let size = 0;
    for (let i = 0; size < 2_000_000; i++) {
      const paragraphs = Array.from(
        { length: 6 },
        (_, j) => `Paragraph ${i}.${j} explains topic ${i} with tokens, attention and embeddings of size ${i * 3 + j}. It adds a detail about layer ${(i + j) % 48}.`,
      );
      if (i === 1234) paragraphs.push('Section 1234 is the only one that mentions the quokka benchmark.');
      const s = `## Section ${i}\n\n${paragraphs.join('\n\n')}\n\n`;
      sections.push(s);
      size += s.length;
    }
    writeFileSync(path.join(knowledgeDir, 'huge.md'), `# Huge notes\n\n${sections.join('')}`);
    writeFileSync(path.join(knowledgeDir, 'small.md'), '# Small\n\nA small file is not worth a warning.\n');
    const glossary = Glossary.empty();
    const { kb, warnings, rebuilt } = await openKnowledgeBase({
      knowledgeDir,
      dataDir: path.join(root, 'data'),
      maxFileBytes: 5_000_000,
      embeddings: new LocalHashEmbeddings(glossary),
      glossary,
      glossaryText: '',
      logger: silentLogger,
    });
    expect(rebuilt).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^huge\.md is large \(\d+ chars\): split into \d+ chunks$/u);
    const hugeChunks = kb.chunks.filter((c) => c.file === 'huge.md');
    expect(hugeChunks.length).toBeGreaterThan(1000);
    expect(Math.max(...hugeChunks.map((c) => c.text.length))).toBeLessThanOrEqual(1200);
    const [top] = kb.searchBm25('quokka benchmark', 1);
    expect(top?.chunk.headingPath).toEqual(['Huge notes', 'Section 1234']);
  });
});
