import type { Migration, MigrationSet } from "../migrations/migration.js";
import { type MigrationPlan, planMigrations } from "../migrations/migration-plan.js";
import type { Plugin } from "../plugin/plugin.js";
import type { ObjectClassConfig } from "./object-class-config.js";

const NO_MIGRATIONS: readonly Migration[] = [];
const NO_PLUGINS: readonly Plugin<string, any>[] = [];
// Keyed by the plugin list, then the migration list: a class whose static
// `migrations` returns another array gets another plan.
const plans = new WeakMap<object, WeakMap<object, Promise<MigrationPlan>>>();

/** The app's own migrations live under this namespace; plugins use their names. */
export const APP_NAMESPACE = "app";

// Planning compiles and hashes every migration: once per class per isolate,
// so a wake with an up-to-date schema costs one small read.
/** The migration plan of a class: its plugins' migrations, then its own. */
export function planFor(cls: ObjectClassConfig): Promise<MigrationPlan> {
  const plugins = cls.plugins ?? NO_PLUGINS;
  const migrations = cls.migrations ?? NO_MIGRATIONS;
  if (!Array.isArray(migrations)) return planMigrations([{ namespace: APP_NAMESPACE, migrations }]);
  let byMigrations = plans.get(plugins);
  if (!byMigrations) {
    byMigrations = new WeakMap();
    plans.set(plugins, byMigrations);
  }
  let plan = byMigrations.get(migrations);
  if (!plan) {
    const sets: MigrationSet[] = plugins
      .filter((p) => p.migrations && p.migrations.length > 0)
      .map((p) => ({ namespace: p.name, migrations: p.migrations! }));
    sets.push({ namespace: APP_NAMESPACE, migrations });
    plan = planMigrations(sets);
    byMigrations.set(migrations, plan);
  }
  return plan;
}
