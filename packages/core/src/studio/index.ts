export { studioPlugin } from "./studio-plugin.js";
export { checkStudioRequest } from "./studio-request.js";
export type { BindableStatement, CheckedRequest } from "./studio-request.js";
export { runStudioRequest, StudioSqlError } from "./studio-executor.js";
export type { StudioDatabase, StudioRun } from "./studio-executor.js";
export { ReadOnlyError } from "./read-only.js";
export { PLATFORM_TABLE_PREFIX } from "./platform-tables.js";
export { MAX_ANSWER_BYTES } from "./answer-budget.js";
export type * from "../shared/studio-protocol.js";
