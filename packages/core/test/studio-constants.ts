// Tokens the studio tests use. Kept apart from the fixtures: a Worker's main
// module may export only handlers and classes, and the fixtures are re-exported by it.

/** The admin token (the test config's STUDIO_TOKEN var). */
export const STUDIO_TEST_TOKEN = "admin-studio-token-for-the-core-tests";
/** The read-only token (the test config's STUDIO_READONLY_TOKEN var). */
export const STUDIO_TEST_READONLY_TOKEN = "read-only-studio-token-for-the-core-tests";
/** A bearer token only the `authorize` hook knows: read-only, and only for the object "scoped". */
export const STUDIO_SCOPED_TOKEN = "scoped-token-for-tests";
