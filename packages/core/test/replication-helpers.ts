// Shared checks of the replication tests: a source's rows against its master's copy.
import { expect } from "vitest";
import { type MasterDO, shardName, shardOf } from "../src/index.js";

/** For vi.waitFor: the platform's own alarms drive every flush. */
export const until = { timeout: 20_000, interval: 25 };

/** The stub of the shard that holds `source`. */
export function masterFor<T extends MasterDO>(
  namespace: DurableObjectNamespace<T>,
  source: string,
  shards = 1,
): DurableObjectStub<T> {
  return namespace.get(namespace.idFromName(shardName(shardOf(source, shards))));
}

/** The master's copy of a source's todos, shaped like the source's rows. */
export async function masterTodos(master: DurableObjectStub<MasterDO>, source: string) {
  const rows = await master.list("todo", { where: { _source: source }, orderBy: "id", limit: 1000 });
  return rows.map((r) => ({ id: r.id, title: r.title, done: r.done, amount: r.amount }));
}

interface TodoSource {
  todos(): Promise<Record<string, SqlStorageValue>[]>;
  outboxSize(): Promise<number>;
}

/**
 * Asserts the master holds exactly the source's todos, its registry counts
 * them (plus `otherRows` of other tables), and the source has nothing left to send.
 */
export async function expectConverged(
  source: DurableObjectStub<TodoSource & Rpc.DurableObjectBranded>,
  master: DurableObjectStub<MasterDO>,
  name: string,
  otherRows = 0,
) {
  expect(await source.outboxSize()).toBe(0);
  const mine = await source.todos();
  expect(await masterTodos(master, name)).toEqual(mine);
  const [registry] = (await master.sources({ limit: 1000 })).filter((s) => s.name === name);
  expect(registry?.rows).toBe(mine.length + otherRows);
}
