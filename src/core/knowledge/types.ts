/** A knowledge file as loaded: path relative to the knowledge folder, text repaired and normalised. */
export type SourceDoc = { file: string; text: string };

/** One retrievable piece of the notes, with where it came from. */
export type Chunk = {
  /** Stable within one index build: `${file}#${ordinal}`. */
  id: string;
  file: string;
  /** Headings from the file's H1 down to the chunk's own heading. */
  headingPath: string[];
  /** 1-based, inclusive line range in the (repaired) file. */
  startLine: number;
  endLine: number;
  /** The chunk's own text (without the heading path). */
  text: string;
};

export const headingOf = (chunk: Pick<Chunk, 'headingPath' | 'file'>): string =>
  chunk.headingPath.length > 0 ? chunk.headingPath.join(' > ') : chunk.file;

/**
 * What the retriever indexes: the heading path gives short chunks their context. A file's title is
 * left off its sections' paths: titles name every topic in the file ("GPT-1 to GPT-4 and
 * InstructGPT"), which would make each section seem to be about all of them.
 */
export const indexTextOf = (chunk: Chunk): string => {
  const path = sectionPath(chunk);
  return `${path.length > 0 ? path.join(' > ') : chunk.file}\n${chunk.text}`;
};

/** The headings that describe a chunk's own section: its path without the file title (unless it is the title). */
export const sectionPath = (chunk: Pick<Chunk, 'headingPath'>): string[] =>
  chunk.headingPath.length > 1 ? chunk.headingPath.slice(1) : chunk.headingPath;
