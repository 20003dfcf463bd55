import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AnswerRepo } from './answers.ts';
import { ChannelRepo } from './channels.ts';
import { FeedbackRepo } from './feedback.ts';
import { ThreadRepo } from './threads.ts';
import { MIGRATIONS } from './migrations.ts';

/** The bot's durable state in one SQLite file (WAL mode: an acknowledged write survives a crash). */
export class Store {
  readonly answers: AnswerRepo;
  readonly feedback: FeedbackRepo;
  readonly channels: ChannelRepo;
  readonly threads: ThreadRepo;

  private constructor(private readonly db: Database.Database) {
    this.answers = new AnswerRepo(db);
    this.feedback = new FeedbackRepo(db);
    this.channels = new ChannelRepo(db);
    this.threads = new ThreadRepo(db);
  }

  /** Opens (creating if needed) `<dataDir>/studybot.db`, or an in-memory store for `:memory:`. */
  static open(dataDir: string | ':memory:'): Store {
    let file = ':memory:';
    if (dataDir !== ':memory:') {
      mkdirSync(dataDir, { recursive: true });
      file = path.join(dataDir, 'studybot.db');
    }
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new Store(db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  MIGRATIONS.slice(version).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + i + 1}`);
    })();
  });
}
