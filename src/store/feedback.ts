import type Database from 'better-sqlite3';

export type Vote = 1 | -1;

/** 👍/👎 on answers; one vote per user per answer, the latest wins. */
export class FeedbackRepo {
  private readonly upsert: Database.Statement;
  private readonly tally: Database.Statement;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO feedback (answer_id, platform, user_id, vote) VALUES (?, ?, ?, ?)
       ON CONFLICT (answer_id, platform, user_id) DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at`,
    );
    this.tally = db.prepare(
      `SELECT COALESCE(SUM(vote = 1), 0) AS up, COALESCE(SUM(vote = -1), 0) AS down FROM feedback WHERE answer_id = ?`,
    );
  }

  record(answerId: number, platform: string, userId: string, vote: Vote): void {
    this.upsert.run(answerId, platform, userId, vote);
  }

  totals(answerId: number): { up: number; down: number } {
    const row = this.tally.get(answerId) as { up: number; down: number };
    return { up: Number(row.up), down: Number(row.down) };
  }
}
