import { ConfigurationError } from "../errors.js";
import type { MasterDO } from "../master/master-do.js";
import { assertShardCount, shardName, shardOf } from "../master/shard.js";
import type {
  EraseRequest,
  EraseResult,
  IngestResult,
  ReplicationBatch,
  ReplicationSink,
} from "./replication-types.js";

function isNamespace(value: unknown): value is DurableObjectNamespace<MasterDO> {
  return typeof value === "object" && value !== null && "idFromName" in value && "get" in value;
}

/**
 * The default sink: the MasterDO shard that a stable hash of the source's
 * name picks among `shards`, in the namespace bound as `binding` in env.
 *
 * @example
 * ```ts
 * declare const batch: ReplicationBatch;
 * const sink = masterSink(env, "MASTER", 4);
 * await sink.ingest(batch); // reaches shard shardOf(batch.source, 4)
 * ```
 */
export function masterSink(env: unknown, binding: string, shards: number): ReplicationSink {
  assertShardCount(shards);
  const namespace = (env as Record<string, unknown> | null)?.[binding];
  if (!isNamespace(namespace)) {
    throw new ConfigurationError(
      "replication_config",
      `replication: env.${binding} is not a Durable Object namespace (add a binding to the MasterDO class)`,
    );
  }
  const shardFor = (source: string) => namespace.get(namespace.idFromName(shardName(shardOf(source, shards))));
  return {
    async ingest(batch: ReplicationBatch): Promise<IngestResult> {
      return shardFor(batch.source).ingest(batch);
    },
    async erase(request: EraseRequest): Promise<EraseResult> {
      return shardFor(request.source).erase(request);
    },
  };
}
