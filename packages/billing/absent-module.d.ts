// Stands in for a package an entry must not use (tsconfig.entries.json,
// tsconfig.entry-auth.json): it exports nothing, so any import of a value or a
// type from it fails the type check.
export {};
