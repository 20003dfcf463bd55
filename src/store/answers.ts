import type Database from 'better-sqlite3';
import type { SourceRef } from '../core/answer/types.ts';

export type AnswerRecord = {
  platform: string;
  userId: string;
  channelId?: string;
  question: string;
  answer: string;
  sources: SourceRef[];
  mode: string;
  abstained: boolean;
};

/** Every answer the bot gave, so feedback and follow-ups can refer back to it. */
export class AnswerRepo {
  private readonly insert: Database.Statement;
  private readonly byId: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO answers (platform, user_id, channel_id, question, answer, sources, mode, abstained)
       VALUES (@platform, @userId, @channelId, @question, @answer, @sources, @mode, @abstained)`,
    );
    this.byId = db.prepare('SELECT * FROM answers WHERE id = ?');
  }

  /** Stores an answer and returns its id. */
  record(a: AnswerRecord): number {
    const info = this.insert.run({
      ...a,
      channelId: a.channelId ?? null,
      sources: JSON.stringify(a.sources),
      abstained: a.abstained ? 1 : 0,
    });
    return Number(info.lastInsertRowid);
  }

  get(id: number): (AnswerRecord & { id: number; createdAt: string }) | undefined {
    const row = this.byId.get(id) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    return {
      id: Number(row['id']),
      platform: String(row['platform']),
      userId: String(row['user_id']),
      ...(row['channel_id'] ? { channelId: String(row['channel_id']) } : {}),
      question: String(row['question']),
      answer: String(row['answer']),
      sources: JSON.parse(String(row['sources'])) as SourceRef[],
      mode: String(row['mode']),
      abstained: row['abstained'] === 1,
      createdAt: String(row['created_at']),
    };
  }
}
