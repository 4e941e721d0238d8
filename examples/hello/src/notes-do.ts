import { type Migration, type Param, UserDO, prepare, queryBuilder } from "@userdo/core";
import type { Generated } from "kysely";

export interface NotesDB {
  note: { id: Generated<number>; text: string; created_at: number };
}

const migrations: Migration[] = [
  {
    name: "001_note",
    up: (db) =>
      db.schema
        .createTable("note")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("created_at", "integer", (c) => c.notNull()),
  },
];

const qb = queryBuilder<NotesDB>();
const latestNotes = prepare(qb, (db, p: Param<{ limit: number }>) =>
  db.selectFrom("note").select(["id", "text", "created_at"]).orderBy("id", "desc").limit(p("limit")),
);

/** Each user's notes, in that user's own SQLite database. */
export class NotesDO extends UserDO<Env, NotesDB> {
  static override migrations = migrations;

  async add(text: string) {
    const note = await this.db
      .insertInto("note")
      .values({ text, created_at: Date.now() })
      .returning(["id", "text", "created_at"])
      .executeTakeFirstOrThrow();
    this.log("info", "note added", { id: note.id });
    return note;
  }

  latest(limit = 20) {
    return this.sync.all(latestNotes, { limit });
  }
}
