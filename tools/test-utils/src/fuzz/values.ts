// Hostile values as JSON text fragments: what a client can put where a route expects a field.
import fc from "fast-check";

/**
 * Numbers as the client writes them in JSON, including the ones `JSON.stringify`
 * never makes: past a double (1e309 parses to Infinity), past 2^63, past a safe
 * integer, negative zero, below the smallest double.
 */
export const HOSTILE_NUMBERS: readonly string[] = [
  "0",
  "-0",
  "-1",
  "1",
  "1.5",
  "-1.5",
  "1e309",
  "-1e309",
  "1e-400",
  "4.9e-324",
  "9007199254740991",
  "9007199254740993",
  "9223372036854775807",
  "9223372036854775808",
  "-9223372036854775808",
  "18446744073709551616",
  "1000000000000000001",
  "123456789012345678901234567890",
  "2147483648",
  "-2147483649",
];

/** Strings a validator must refuse or store harmlessly, as the client would type them. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "\t\n",
  "0",
  "-1",
  "1e309",
  "NaN",
  "Infinity",
  "null",
  "true",
  "__proto__",
  "constructor",
  "x-",
  "x-1",
  "1",
  "583231",
  "00001",
  "9223372036854775808",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  "../../etc/passwd",
  "%00",
  "a\u0000b",
  "\u202etxt.exe",
  "é",
  "😀",
  "https://evil.example/",
  "javascript:alert(1)",
  "//evil.example",
];

/** A JSON string literal whose escape is a lone surrogate: JSON that no UTF-16-clean string makes. */
const LONE_SURROGATES: readonly string[] = ['"\\ud800"', '"a\\udfffb"', '"\\u0000"'];

const quoted = (s: string) => JSON.stringify(s);

/** Strings of assorted lengths, up to well past every field limit (10,000 characters). */
const longString = fc
  .constantFrom(65, 256, 257, 1_001, 2_049, 4_097, 10_000)
  .chain((n) => fc.constantFrom("x", "é", "😀", "%").map((c) => c.repeat(n)));

/** One scalar as JSON text: a hostile number, string, literal, or any generated string. */
export const jsonScalarText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map(quoted) },
  { weight: 2, arbitrary: fc.constantFrom("null", "true", "false", "{}", "[]") },
  { weight: 1, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
  { weight: 1, arbitrary: longString.map(quoted) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map(quoted) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)) },
);

/** Nesting past every depth limit, in arrays or objects: 65, 1,000 or 5,000 levels (10 KB to 30 KB of text). */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(65, 1_000, 5_000), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
  );

/** Any JSON value as text, scalars mostly, sometimes nested a little or very deep. */
export const jsonValueText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: jsonScalarText },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(fc.constantFrom("a", "", "__proto__", "constructor", "sql"), tie("value")), { maxLength: 3 })
        .map((entries) => `{${entries.map(([k, v]) => `${quoted(k)}:${v}`).join(",")}}`),
    },
  ),
})).value;

/** Plausible values of a field as JSON text (real SQL for a `sql` field), mixed in with the hostile ones. */
export type FieldValues = Readonly<Record<string, fc.Arbitrary<string>>>;

/**
 * A JSON object body with the route's own field names (so it reaches the
 * route's validation), each absent or set to a hostile value (or one of its
 * plausible `values`), plus sometimes an unexpected key.
 */
export function jsonObjectText(fields: readonly string[], values: FieldValues = {}): fc.Arbitrary<string> {
  const hostile = fc.oneof({ weight: 8, arbitrary: jsonValueText }, { weight: 1, arbitrary: deepJsonText });
  const entry = (name: string): fc.Arbitrary<[string, string]> => {
    const own = values[name];
    const value = own ? fc.oneof({ weight: 2, arbitrary: own }, { weight: 1, arbitrary: hostile }) : hostile;
    return value.map((v) => [name, v]);
  };
  // Each field present three times in four; now and then an unexpected key, or a field twice.
  const own = (fields.length > 0 ? fields : ["a"]).map((name) => fc.option(entry(name), { freq: 4, nil: null }));
  const odd = fc.tuple(fc.constantFrom("__proto__", "constructor", "", "toString", ...fields), hostile);
  return fc
    .tuple(fc.tuple(...own), fc.option(odd, { freq: 5, nil: null }))
    .map(([entries, extra]) => [...entries, extra].filter((e): e is [string, string] => e !== null))
    .map((entries) => `{${entries.map(([k, v]) => `${quoted(k)}:${v}`).join(",")}}`);
}
