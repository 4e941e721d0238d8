// `@userdo/core/d1`: replication into a D1 database (needs the optional peer kysely-d1).
export { d1Sink } from "./d1-sink.js";
