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
];
