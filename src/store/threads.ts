import type Database from 'better-sqlite3';

export type Turn = { question: string; answer: string };

/** Links a platform thread to the answers given in it, so follow-ups carry the earlier turns. */
export class ThreadRepo {
  private readonly link: Database.Statement;
  private readonly turnsOf: Database.Statement;

  constructor(db: Database.Database) {
    this.link = db.prepare('INSERT OR IGNORE INTO threads (platform, thread_id, answer_id) VALUES (?, ?, ?)');
    this.turnsOf = db.prepare(
      `SELECT a.question, a.answer FROM threads t JOIN answers a ON a.id = t.answer_id
       WHERE t.platform = ? AND t.thread_id = ? ORDER BY a.id DESC LIMIT ?`,
    );
  }

  add(platform: string, threadId: string, answerId: number): void {
    this.link.run(platform, threadId, answerId);
  }

  /** The thread's last `limit` turns, oldest first. */
  turns(platform: string, threadId: string, limit = 4): Turn[] {
    return (this.turnsOf.all(platform, threadId, limit) as Turn[]).reverse();
  }

  has(platform: string, threadId: string): boolean {
    return this.turns(platform, threadId, 1).length > 0;
  }
}
