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

/** What the retriever indexes: the heading path gives short chunks their context. */
export const indexTextOf = (chunk: Chunk): string => `${headingOf(chunk)}\n${chunk.text}`;
