import { auth } from "@userdo/auth";
import { type Migration, UserDO, withPlugins } from "@userdo/core";
import type { Generated } from "kysely";

interface NotesDB {
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

/** One object per user: auth's sessions and tokens, and the user's notes. */
export class UserObject extends withPlugins(UserDO<Env, NotesDB>, auth()) {
  static override migrations = migrations;

  addNote(text: string) {
    return this.db
      .insertInto("note")
      .values({ text, created_at: Date.now() })
      .returning(["id", "text", "created_at"])
      .executeTakeFirstOrThrow();
  }

  notes() {
    return this.db.selectFrom("note").select(["id", "text", "created_at"]).orderBy("id", "desc").limit(50).execute();
  }
}
