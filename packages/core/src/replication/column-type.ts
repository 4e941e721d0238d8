/**
 * The declared type of a replicated column, as a master writes it into its
 * own `CREATE TABLE` and `ALTER TABLE ... ADD COLUMN`. A master takes types
 * from its sources, so a type is checked against SQLite's own type-name
 * grammar: one or more words, optionally followed by one or two signed
 * numbers in parentheses (`INTEGER`, `VARCHAR(255)`, `DECIMAL(10, 2)`,
 * `UNSIGNED BIG INT`), or no type at all. Nothing else (`,`, `)`, quotes,
 * comments) passes, and neither does a word that starts a column constraint
 * (`NOT NULL`, `UNIQUE`, `CHECK`, `DEFAULT`, `REFERENCES`, ...): SQLite ends a
 * type at such a word, so no real schema's type holds one, and in a master
 * it would constrain every user's rows.
 */

const WORD = "[A-Za-z_][A-Za-z0-9_]*";
const NUMBER = "[+-]?[0-9]+(?:\\.[0-9]+)?";
const TYPE_NAME = new RegExp(`^(?:${WORD}(?: +${WORD})*(?: *\\( *${NUMBER} *(?:, *${NUMBER} *)?\\))?)?$`);

/** Longest type accepted: real ones are a few words. */
export const MAX_COLUMN_TYPE_LENGTH = 64;

// Words at which SQLite's parser ends a type and starts a constraint.
const CONSTRAINT_WORDS = new Set([
  "CONSTRAINT",
  "PRIMARY",
  "NOT",
  "NULL",
  "UNIQUE",
  "CHECK",
  "DEFAULT",
  "COLLATE",
  "REFERENCES",
  "GENERATED",
  "AS",
]);

/**
 * True when `type` is a plain SQLite column type that a master may declare.
 *
 * @example
 * ```ts
 * isColumnType("DECIMAL(10, 2)");  // true
 * isColumnType("TEXT, CHECK (0)"); // false
 * isColumnType("TEXT NOT NULL");   // false
 * ```
 */
export function isColumnType(type: string): boolean {
  if (type.length > MAX_COLUMN_TYPE_LENGTH || !TYPE_NAME.test(type)) return false;
  const words = type.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  return !words.some((w) => CONSTRAINT_WORDS.has(w.toUpperCase()));
}
