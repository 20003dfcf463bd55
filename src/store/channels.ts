import type Database from 'better-sqlite3';

export type StudyChannel = { platform: string; channelId: string; answerQuestions: boolean };

/** Channels an admin made study channels: the bot answers mentions there, and questions if enabled. */
export class ChannelRepo {
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly one: Database.Statement;
  private readonly all: Database.Statement;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO study_channels (platform, channel_id, answer_questions, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (platform, channel_id) DO UPDATE SET answer_questions = excluded.answer_questions,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM study_channels WHERE platform = ? AND channel_id = ?');
    this.one = db.prepare('SELECT answer_questions FROM study_channels WHERE platform = ? AND channel_id = ?');
    this.all = db.prepare('SELECT channel_id, answer_questions FROM study_channels WHERE platform = ? ORDER BY channel_id');
  }

  enable(platform: string, channelId: string, answerQuestions: boolean, by: string): void {
    this.upsert.run(platform, channelId, answerQuestions ? 1 : 0, by);
  }

  disable(platform: string, channelId: string): boolean {
    return this.remove.run(platform, channelId).changes > 0;
  }

  get(platform: string, channelId: string): StudyChannel | undefined {
    const row = this.one.get(platform, channelId) as { answer_questions: number } | undefined;
    return row ? { platform, channelId, answerQuestions: row.answer_questions === 1 } : undefined;
  }

  list(platform: string): StudyChannel[] {
    return (this.all.all(platform) as { channel_id: string; answer_questions: number }[]).map((r) => ({
      platform,
      channelId: r.channel_id,
      answerQuestions: r.answer_questions === 1,
    }));
  }
}
