import { ANSWER_SYSTEM_PROMPT, groundedUserMessage, NOT_IN_NOTES, type NoteExcerpt } from '../../llm/prompts.ts';
import type { ChatMessage, ChatModel } from '../../llm/types.ts';
import type { Hit } from '../retrieval/knowledge-base.ts';

export const excerptOf = (hit: Hit): NoteExcerpt => ({
  file: hit.chunk.file,
  heading: hit.chunk.headingPath.join(' > '),
  text: hit.chunk.text,
});

/** Keeps citations that point at a real excerpt; drops invented ones like [7] when only 4 were given. */
export function cleanCitations(text: string, count: number): string {
  return text.replace(/\s*\[(\d{1,2})\]/gu, (m, n: string) => (Number(n) >= 1 && Number(n) <= count ? m : '')).trim();
}

export type GenerativeOutcome = { kind: 'answer'; text: string } | { kind: 'not-in-notes' };

/** Runs a grounded prompt; the model's refusal sentinel becomes a value, not text. */
export async function generateGrounded(
  chat: ChatModel,
  systemPrompt: string,
  hits: Hit[],
  request: string,
): Promise<GenerativeOutcome> {
  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: groundedUserMessage(hits.map(excerptOf), request) },
  ];
  const reply = await chat.complete(messages);
  if (reply.replace(/[\s.`*]/gu, '') === NOT_IN_NOTES || reply.startsWith(NOT_IN_NOTES)) return { kind: 'not-in-notes' };
  return { kind: 'answer', text: cleanCitations(reply.replaceAll(NOT_IN_NOTES, ''), hits.length) };
}

/** The question, preceded by the thread's earlier turns when it is a follow-up. */
export function answerRequest(question: string, history: readonly { question: string; answer: string }[] = []): string {
  const earlier = history.map((t) => `Earlier question: ${t.question}\nEarlier answer: ${t.answer.slice(0, 600)}`).join('\n\n');
  return `${earlier ? `${earlier}\n\n` : ''}Question: ${question}`;
}
export { ANSWER_SYSTEM_PROMPT };
