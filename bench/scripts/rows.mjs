// The rows of the results table.
/**
 * One row of the results table. `ratio` is value / baseline; pass when ratio
 * <= target. `ifMiss` says why a miss happens and what would close it; the
 * runner's closing note lists it for every row that misses in this run.
 */
export function row(scenario, measure, value, unit, baseline, target, note = "", ifMiss = "") {
  const ratio = baseline ? value / baseline : null;
  return {
    scenario,
    measure,
    value: Number(value.toFixed(3)),
    unit,
    ratio: ratio === null ? null : Number(ratio.toFixed(2)),
    target: target ?? null,
    pass: target == null || ratio === null ? null : ratio <= target,
    note,
    ifMiss,
  };
}
