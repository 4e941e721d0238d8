export { UserDO } from "./user-do.js";
export { withPlugins, installPluginMethods } from "./plugin/with-plugins.js";
export type { WithLog, WithScheduler } from "./plugin/with-plugins.js";
export { definePlugin } from "./plugin/plugin.js";
export type { Plugin, PluginContext, PluginMethod, PluginMethods, ReplicationRule } from "./plugin/plugin.js";
export type { WorkerRoute } from "./shared/worker-route.js";
export { runtimeOf } from "./runtime/attach-runtime.js";
export { APP_NAMESPACE } from "./runtime/migration-plans.js";
export type { ObjectClassConfig } from "./runtime/object-class-config.js";
export type { ObjectRuntime } from "./runtime/object-runtime.js";
export type { Migration, MigrationStep, MigrationSet } from "./migrations/migration.js";
export { planMigrations } from "./migrations/migration-plan.js";
export type { MigrationPlan, PlannedMigration } from "./migrations/migration-plan.js";
export { bringSchemaUpToDate, listAppliedMigrations } from "./migrations/migration-runner.js";
export type { SchemaOptions } from "./migrations/migration-runner.js";
export { DurableSqliteDialect } from "./sql/durable-sqlite-dialect.js";
export { SyncSql } from "./sql/sync-sql.js";
export { PreparedQuery, prepare } from "./sql/prepared-query.js";
export type { Param } from "./sql/prepared-query.js";
export { queryBuilder } from "./sql/query-builder.js";
export type { RunResult } from "./sql/execute.js";
export { SQL_LIMITS } from "./sql/limits.js";
export { logPlugin, writeLog, LOG_TABLE, DEFAULT_LOG_RETENTION } from "./log/log-plugin.js";
export type { JsonValue, LogEntry, LogQuery, LogRetention } from "./log/log-plugin.js";
export { LOG_LEVELS } from "./log/log-levels.js";
export type { LogLevel } from "./log/log-levels.js";
export { SYSTEM_PREFIX } from "./system/tables.js";
export {
  UserDOError,
  ConfigurationError,
  type UserDOErrorOptions,
  SqlLimitError,
  MigrationError,
  InvalidMigrationsError,
  errorResponse,
  jsonError,
  errorStatus,
} from "./errors.js";
export { jsonResponse } from "./shared/json-response.js";
export * from "./worker/index.js";
export * from "./security/index.js";
export * from "./studio/index.js";
export { CORE_PLUGINS } from "./plugin/core-plugins.js";
export { dataPlugin } from "./dataops/data-plugin.js";
export type { DeleteSummary, ExportSummary, ImportSummary } from "./shared/data-summaries.js";
export { DUMP_FORMAT, DUMP_VERSION } from "./shared/dump-format.js";
export type { FleetObject, FleetOptions, FleetStatus } from "./shared/fleet-types.js";
export type {
  DumpHeader,
  DumpMigration,
  DumpRow,
  DumpSchemaEntry,
  DumpTable,
  DumpTrailer,
  DumpValue,
} from "./shared/dump-format.js";
export type { PluginTask } from "./plugin/plugin.js";
export { parseCron, nextCronTime } from "./scheduler/cron.js";
export type { CronSchedule } from "./scheduler/cron.js";
export type {
  When,
  RetryPolicy,
  ScheduleOptions,
  TaskState,
  TaskInfo,
  TaskQuery,
  TaskRun,
  TaskHandlers,
  TaskHandlerMap,
} from "./scheduler/task-types.js";
export type { SchedulerMethods } from "./scheduler/scheduler-methods.js";
export { DEFAULT_RETRY } from "./scheduler/schedule-input.js";
export { schedulerPlugin } from "./scheduler/scheduler-plugin.js";
export { replicationPlugin } from "./replication/replication-plugin.js";
export { REPLICATION_DEFAULTS } from "./replication/replication-types.js";
export type {
  ReplicationConfig,
  ReplicationBatch,
  ReplicationSink,
  EraseRequest,
  EraseResult,
  IngestResult,
  RowChange,
  RowValue,
  TableSchema,
} from "./replication/replication-types.js";
export { masterSink } from "./replication/master-sink.js";
export { looksSecret } from "./replication/secret-columns.js";
export { MasterDO } from "./master/master-do.js";
export { masterShards } from "./master/master-shards.js";
export type { MasterShards } from "./master/master-shards.js";
export type { Filter, ListQuery, SumQuery, SourceQuery } from "./master/aggregate-inputs.js";
export type { GroupSum, SourceInfo } from "./master/aggregate-queries.js";
export {
  ReplicatedTableSchema,
  ReplicationBatchSchema,
  RowChangeSchema,
  validateBatch,
} from "./master/batch-validation.js";
export { shardOf, shardName, fnv1a, MAX_SHARDS } from "./master/shard.js";
export { parseInput, parseQuery, fieldError } from "./schema/parse-input.js";
export type { InputSchema, FieldError, ParseOptions } from "./schema/parse-input.js";
export * from "./openapi/index.js";
