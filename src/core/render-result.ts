import type { AskResult } from './answer/types.ts';
import { answerButtons } from './buttons.ts';
import type { Reply } from './reply.ts';
import type { ExplainResult } from './study.ts';

/** An answer as a platform-neutral reply. */
export function answerReply(result: AskResult, answerId?: number): Reply {
  return {
    kind: 'answer',
    text: result.answer,
    sources: result.sources,
    notices: result.notices,
    ...(answerId !== undefined && !result.abstained ? { buttons: answerButtons(answerId) } : {}),
    meta: { abstained: result.abstained, mode: result.mode, ...(answerId !== undefined ? { answerId } : {}) },
  };
}

/** An explanation as a platform-neutral reply. */
export function explainReply(result: ExplainResult): Reply {
  return {
    kind: 'explain',
    title: result.abstained ? `Not in the notes: ${result.title}` : `${result.title} (${result.level})`,
    text: result.text,
    sources: result.sources,
    notices: result.notices,
    meta: { abstained: result.abstained, mode: result.mode },
  };
}
