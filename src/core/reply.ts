import type { SourceRef } from './answer/types.ts';

/** A button under a reply; adapters render it natively and route clicks back by `id`. */
export type ReplyButton = { id: string; label: string; style?: 'primary' | 'secondary' | 'success' | 'danger' };

/**
 * What a command returns, whatever the platform. `text` uses a small markdown subset (**bold**,
 * _italic_, `code`, ``` fences, • bullets) that each adapter renders in its own dialect.
 */
export type Reply = {
  kind: 'answer' | 'explain' | 'help' | 'usage' | 'error' | 'info';
  title?: string;
  text: string;
  sources?: SourceRef[];
  /** One-line notes shown apart from the text (input truncated, model fallback, …). */
  notices?: string[];
  /** Only the requesting user should see it (where the platform can do that). */
  ephemeral?: boolean;
  buttons?: ReplyButton[];
  meta?: { abstained?: boolean; mode?: 'generative' | 'extractive'; answerId?: number; errorId?: string };
};
