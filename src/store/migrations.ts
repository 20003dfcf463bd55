/** Schema steps, applied in order; `PRAGMA user_version` records how many have run. Append only. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE answers (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     platform TEXT NOT NULL,
     user_id TEXT NOT NULL,
     channel_id TEXT,
     question TEXT NOT NULL,
     answer TEXT NOT NULL,
     sources TEXT NOT NULL,
     mode TEXT NOT NULL,
     abstained INTEGER NOT NULL,
     created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
   );
   CREATE INDEX answers_user ON answers (platform, user_id, created_at);`,
  `CREATE TABLE feedback (
     answer_id INTEGER NOT NULL REFERENCES answers(id),
     platform TEXT NOT NULL,
     user_id TEXT NOT NULL,
     vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
     created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
     PRIMARY KEY (answer_id, platform, user_id)
   );
   CREATE TABLE study_channels (
     platform TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     answer_questions INTEGER NOT NULL DEFAULT 1,
     updated_by TEXT NOT NULL,
     updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
     PRIMARY KEY (platform, channel_id)
   );
   CREATE TABLE threads (
     platform TEXT NOT NULL,
     thread_id TEXT NOT NULL,
     answer_id INTEGER NOT NULL REFERENCES answers(id),
     created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
     PRIMARY KEY (platform, thread_id, answer_id)
   );`,
];
