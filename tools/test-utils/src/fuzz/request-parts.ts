// The parts of a malformed request besides its body: query strings and headers.
import fc from "fast-check";
import { HOSTILE_NUMBERS, HOSTILE_STRINGS } from "./values.js";

/** Query values: hostile numbers and strings, invalid percent-encoding, very long. */
export const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(...HOSTILE_STRINGS).map(encodeURIComponent),
  fc.constantFrom("%", "%zz", "%ff%fe", "%c3%28", "%ed%a0%80", "a%00b", "+", "%2F..%2F"),
  fc.constantFrom(300, 5_000).map((n) => "9".repeat(n)),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);

export function queryOf(params: readonly string[]): fc.Arbitrary<string> {
  const name = fc.oneof(
    { weight: 4, arbitrary: params.length > 0 ? fc.constantFrom(...params) : fc.constant("q") },
    { weight: 1, arbitrary: fc.constantFrom("token", "access_token", "__proto__", "%ff", "") },
  );
  return fc
    .array(fc.tuple(name, queryValue), { maxLength: 4 })
    .map((pairs) => (pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`));
}

/**
 * Header values, hostile in content. Printable ASCII only: workerd sends
 * other bytes as UTF-8 with a warning per header, which a browser refuses.
 */
const headerText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s))),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.constantFrom(256, 300, 8_000).map((n) => "k".repeat(n)),
);

const HEX64 = "ab".repeat(32);

/** Credentials that look almost right: a wrong shape, a forged tag, a user id that names no one or too much. */
const credentialText: fc.Arbitrary<string> = fc.oneof(
  headerText,
  fc.constantFrom(
    `udo_1_${HEX64}`,
    `udo_x-1_${HEX64}`,
    `udo_${"9".repeat(30)}_${HEX64}`,
    `udo_-1_${HEX64}`,
    `udo_1_${HEX64}.tag`,
    `1.${HEX64}`,
    `x-1.${HEX64}`,
    `0.${HEX64}`,
    `${"9".repeat(300)}.${HEX64}`,
  ),
);

/** The usual headers, each present or not, set to something hostile. */
export function headerPairs(extra: readonly string[]): fc.Arbitrary<[string, string][]> {
  const pair = fc.oneof(
    fc.tuple(
      fc.constant("authorization"),
      fc.oneof(
        credentialText.map((c) => `Bearer ${c}`),
        headerText,
      ),
    ),
    fc.tuple(
      fc.constant("cookie"),
      fc.oneof(
        credentialText.map((c) => `udo_session=${c}`),
        credentialText.map((c) => `__Host-udo_session=${c}`),
        headerText,
      ),
    ),
    fc.tuple(fc.constant("idempotency-key"), headerText),
    fc.tuple(
      fc.constantFrom("origin", "referer"),
      fc.constantFrom("null", "https://evil.example", "http://localhost", "", "http://127.0.0.1:1"),
    ),
    fc.tuple(fc.constant("sec-fetch-site"), fc.constantFrom("cross-site", "same-origin", "same-site", "none", "x")),
    fc.tuple(
      fc.constantFrom("cf-connecting-ip", "x-forwarded-for", "x-real-ip"),
      fc.oneof(
        fc.constantFrom("", "1.2.3.4", "::1", "2001:db8::1", "999.1.1.1", "1.2.3.4, 5.6.7.8", "::ffff:1.2.3.4"),
        headerText,
      ),
    ),
    fc.tuple(fc.constantFrom("accept", "user-agent", "x-starbase-source"), headerText),
    fc.tuple(
      fc.constant("content-length"),
      fc.constantFrom("99999999999999999999", "1e309", "-1", "abc", "1099511627776"),
    ),
    extra.length > 0 ? fc.tuple(fc.constantFrom(...extra), headerText) : fc.tuple(fc.constant("x-extra"), headerText),
  );
  return fc.array(pair, { maxLength: 2 });
}
