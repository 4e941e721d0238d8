// Durable Objects that exercise the scheduler, written as a user would.
import { DurableObject } from "cloudflare:workers";
import { type PluginContext, type TaskHandlers, UserDO, definePlugin, withPlugins } from "../src/index.js";

/** Migrations every object with userdo runs before its own (the core plugins'). */
export const CORE_MIGRATIONS = ["log/001_log", "scheduler/001_tasks", "replication/001_outbox"];

/** Tables every object with userdo has, sorted by name. */
export const CORE_TABLES = [
  "_userdo_log",
  "_userdo_meta",
  "_userdo_migrations",
  "_userdo_outbox",
  "_userdo_replication",
  "_userdo_tasks",
  "sqlite_sequence",
];

/** One row per task run, so tests can see exactly what ran and how often. */
const RUNS_MIGRATION = {
  name: "001_runs",
  up: "CREATE TABLE runs (id INTEGER PRIMARY KEY, task TEXT NOT NULL, note TEXT NOT NULL, attempt INTEGER NOT NULL, at INTEGER NOT NULL)",
};

function record(sql: SqlStorage, task: string, note: string, attempt: number): void {
  sql.exec("INSERT INTO runs (task, note, attempt, at) VALUES (?, ?, ?, ?)", task, note, attempt, Date.now());
}

/** A plugin with a task of its own, scheduled from its method. */
export const pinger = definePlugin({
  name: "pinger",
  migrations: [
    { name: "001_pings", up: "CREATE TABLE _userdo_pinger_pings (id INTEGER PRIMARY KEY, note TEXT NOT NULL)" },
  ],
  methods: {
    schedulePing(this: PluginContext, delayMs: number, note: string) {
      return this.schedule(delayMs, "ping", { note });
    },
    pings(this: PluginContext) {
      return this.sync
        .exec<{ note: string }>("SELECT note FROM _userdo_pinger_pings ORDER BY id")
        .toArray()
        .map((r) => r.note);
    },
    pingerTasks(this: PluginContext) {
      return this.listTasks();
    },
  },
  tasks: {
    ping(this: PluginContext, payload: { note: string }) {
      this.sync.exec("INSERT INTO _userdo_pinger_pings (note) VALUES (?)", payload.note);
    },
  },
});

/** The tasks of {@link SchedulerDO}: name to payload. */
export interface JobTasks {
  record: { note: string };
  fail: { note: string };
  /** Fails until attempt `succeedOn`. */
  flaky: { note: string; succeedOn: number };
  /** Schedules `record` from inside a task. */
  chain: { note: string };
}

export class SchedulerDO extends withPlugins(UserDO<Cloudflare.Env, {}, JobTasks>, pinger) {
  static override migrations = [RUNS_MIGRATION];
  static override tasks: TaskHandlers<SchedulerDO, JobTasks> = {
    record({ note }, run) {
      record(this.ctx.storage.sql, "record", note, run.attempt);
    },
    fail({ note }, run) {
      record(this.ctx.storage.sql, "fail", note, run.attempt);
      throw new Error(`boom ${note}`);
    },
    flaky({ note, succeedOn }, run) {
      record(this.ctx.storage.sql, "flaky", note, run.attempt);
      if (run.attempt < succeedOn) throw new Error(`not yet ${run.attempt}`);
    },
    async chain({ note }) {
      await this.schedule(0, "record", { note: `${note}-chained` });
    },
  };

  runs(note?: string) {
    const rows = this.ctx.storage.sql
      .exec<{ task: string; note: string; attempt: number }>("SELECT task, note, attempt FROM runs ORDER BY id")
      .toArray();
    return note === undefined ? rows : rows.filter((r) => r.note.startsWith(note));
  }

  alarmAt() {
    return this.ctx.storage.getAlarm();
  }

  dropAlarm() {
    return this.ctx.storage.deleteAlarm();
  }

  /** Schedules the same task twice in one transaction-free burst with one key. */
  async scheduleTwice(note: string) {
    const first = await this.schedule(60_000, "record", { note }, { key: `k-${note}` });
    const second = await this.schedule(1_000, "record", { note: `${note}-other` }, { key: `k-${note}` });
    return [first.id, second.id, second.payload];
  }

  /** Marks a task as running, as an instance evicted in the middle of it would have left it. */
  simulateInterrupted(id: number) {
    this.ctx.storage.sql.exec(
      "UPDATE _userdo_tasks SET state = 'running', attempts = attempts + 1, run_at = run_at + 3600000 WHERE id = ?",
      id,
    );
  }
}

/** An existing Durable Object with an alarm of its own, knowing nothing of userdo. */
class AlarmClock extends DurableObject<Cloudflare.Env> {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS rings (at INTEGER NOT NULL)");
  }
  async setOwnAlarm(delayMs: number) {
    await this.ctx.storage.setAlarm(Date.now() + delayMs);
  }
  override async alarm() {
    this.ctx.storage.sql.exec("INSERT INTO rings VALUES (?)", Date.now());
  }
  rings() {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM rings").one().n;
  }
}

/** The plain DurableObject with plugins: its alarm and the scheduler share the one platform alarm. */
export class AlarmClockWithTasks extends withPlugins(AlarmClock, pinger) {
  static tasks = {
    note(this: AlarmClockWithTasks, payload: { text: string }) {
      this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)");
      this.ctx.storage.sql.exec("INSERT INTO notes VALUES (?)", payload.text);
    },
  };
  notes() {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)");
    return this.ctx.storage.sql
      .exec<{ text: string }>("SELECT text FROM notes")
      .toArray()
      .map((r) => r.text);
  }
}
