import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../log.ts';
import { chunkDocument } from '../knowledge/chunker.ts';
import { loadKnowledge } from '../knowledge/loader.ts';
import type { Chunk, SourceDoc } from '../knowledge/types.ts';
import type { Glossary } from './glossary.ts';
import { KnowledgeBase } from './knowledge-base.ts';
import type { StudyEmbeddings } from './local-embedder.ts';

/** Bump when chunking, tokenising (terms()) or the index layout changes, so old indexes are rebuilt. */
const INDEX_FORMAT = 4;

const Manifest = z.object({
  format: z.literal(INDEX_FORMAT),
  hash: z.string(),
  embedder: z.string(),
  builtAt: z.string(),
  chunks: z.array(
    z.object({
      id: z.string(),
      file: z.string(),
      headingPath: z.array(z.string()),
      startLine: z.number(),
      endLine: z.number(),
      text: z.string(),
    }),
  ),
});

export type OpenOptions = {
  knowledgeDir: string;
  dataDir: string;
  maxFileBytes: number;
  embeddings: StudyEmbeddings;
  glossary: Glossary;
  glossaryText: string;
  logger: Logger;
  /** Rebuild even when the content hash matches (`studybot index`). */
  force?: boolean;
};

export type OpenResult = { kb: KnowledgeBase; warnings: string[]; rebuilt: boolean; files: number };

/** Hash of everything the index depends on: the notes, the glossary, the embedder, the format. */
export function contentHash(docs: SourceDoc[], glossaryText: string, embedderId: string): string {
  const h = createHash('sha256').update(`format:${INDEX_FORMAT}\nembedder:${embedderId}\n`).update(glossaryText);
  for (const d of docs) h.update(`\0${d.file}\0`).update(d.text);
  return h.digest('hex');
}

async function readManifest(file: string): Promise<z.infer<typeof Manifest> | undefined> {
  try {
    const parsed = Manifest.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads the notes and returns a ready knowledge base: the persisted index when its content hash
 * still matches, otherwise a fresh build written atomically (temp folder, then rename).
 */
export async function openKnowledgeBase(opts: OpenOptions): Promise<OpenResult> {
  const { docs, warnings } = await loadKnowledge(opts.knowledgeDir, opts.maxFileBytes);
  for (const w of warnings) opts.logger.warn({ knowledgeDir: opts.knowledgeDir }, w);
  const hash = contentHash(docs, opts.glossaryText, opts.embeddings.id);
  const indexDir = path.join(opts.dataDir, 'index');
  const manifest = opts.force ? undefined : await readManifest(path.join(indexDir, 'manifest.json'));
  if (manifest && manifest.hash === hash) {
    try {
      const kb = await KnowledgeBase.load(indexDir, manifest.chunks, opts.embeddings, opts.glossary);
      return { kb, warnings, rebuilt: false, files: docs.length };
    } catch (err) {
      opts.logger.warn({ err }, 'persisted index unreadable; rebuilding');
    }
  }
  const chunks: Chunk[] = [];
  for (const doc of docs) {
    const docChunks = await chunkDocument(doc);
    if (doc.text.length > 256_000) warnings.push(`${doc.file} is large (${doc.text.length} chars): split into ${docChunks.length} chunks`);
    chunks.push(...docChunks);
  }
  const started = performance.now();
  const kb = await KnowledgeBase.build(chunks, opts.embeddings, opts.glossary);
  await persist(kb, indexDir, { format: INDEX_FORMAT, hash, embedder: opts.embeddings.id, builtAt: new Date().toISOString(), chunks });
  opts.logger.info({ chunks: chunks.length, files: docs.length, ms: Math.round(performance.now() - started) }, 'knowledge index built');
  return { kb, warnings, rebuilt: true, files: docs.length };
}

async function persist(kb: KnowledgeBase, indexDir: string, manifest: z.infer<typeof Manifest>): Promise<void> {
  const tmp = `${indexDir}.tmp-${randomUUID().slice(0, 8)}`;
  await mkdir(tmp, { recursive: true });
  await kb.save(tmp);
  await writeFile(path.join(tmp, 'manifest.json'), JSON.stringify(manifest));
  const old = `${indexDir}.old-${randomUUID().slice(0, 8)}`;
  await rename(indexDir, old).catch(() => undefined);
  await rename(tmp, indexDir);
  await rm(old, { recursive: true, force: true });
}
