// The rows of the results table.
import { bootstrap, bootstrapDifference, median, pairedRatios, quantile } from "./stats.mjs";

const round3 = (x) => Number(x.toFixed(3));
const round2 = (x) => Number(x.toFixed(2));

/**
 * One row of the results table from one number (a model figure, a count):
 * `ratio` is value / baseline, no interval, no target.
 */
export function row(scenario, measure, value, unit, baseline, target, note = "", ifMiss = "") {
  const ratio = baseline ? value / baseline : null;
  return {
    scenario,
    measure,
    value: round3(value),
    unit,
    interval: null,
    ratio: ratio === null ? null : round2(ratio),
    ratioInterval: null,
    target: target ?? null,
    pass: target == null || ratio === null ? null : ratio <= target,
    verdict: target == null || ratio === null ? null : ratio <= target ? "pass" : "MISS",
    note,
    ifMiss,
  };
}

/**
 * One row from per-round samples: the value is their median, with its
 * bootstrap 95% interval; with `base` (the baseline's samples of the same
 * rounds) the ratio is the median of the per-round ratios, with its interval.
 * A target is met ("pass") only when the ratio's interval lies at or under
 * it, missed ("MISS") when the interval lies above it, and "open" when the
 * interval straddles it (not met: the run cannot tell). `ifMiss` says why a
 * miss happens and what would close it; the closing note lists it.
 */
export function measured(scenario, measure, samples, unit, { base, target, note = "", ifMiss = "" } = {}) {
  const ratios = base ? pairedRatios(samples, base) : null;
  const ratio = ratios ? median(ratios) : null;
  const ratioInterval = ratios ? bootstrap(ratios) : null;
  let verdict = null;
  if (target != null && ratioInterval)
    verdict = ratioInterval[1] <= target ? "pass" : ratioInterval[0] > target ? "MISS" : "open";
  return {
    scenario,
    measure,
    value: round3(median(samples)),
    unit,
    interval: bootstrap(samples).map(round3),
    rounds: samples.length,
    ratio: ratio === null ? null : round2(ratio),
    ratioInterval: ratioInterval ? ratioInterval.map(round2) : null,
    target: target ?? null,
    pass: verdict === null ? null : verdict === "pass",
    verdict,
    note,
    ifMiss,
  };
}

/**
 * A row of added time: the q-quantile of `paid` samples minus that of
 * `baseline` samples (all requests of every round), with a bootstrap 95%
 * interval taken by resampling each side apart.
 */
export function addedQuantile(scenario, measure, paid, baseline, q, unit, note = "") {
  const at = (xs) => quantile(xs, q);
  return {
    scenario,
    measure,
    value: round3(at(paid) - at(baseline)),
    unit,
    interval: bootstrapDifference(paid, baseline, at).map(round3),
    rounds: null,
    ratio: null,
    ratioInterval: null,
    target: null,
    pass: null,
    verdict: null,
    note,
    ifMiss: "",
  };
}
