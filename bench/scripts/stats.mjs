// The statistics every scenario reports: medians over independent rounds,
// paired per-round ratios, and bootstrap 95% intervals beside each median.

/** The q-quantile of `xs` (nearest rank). */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export const median = (xs) => quantile(xs, 0.5);

// A small seeded generator (mulberry32), so a run's intervals can be recomputed from its samples.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The bootstrap 95% interval of `statistic` (the median unless given) over
 * `xs`: resample with replacement 2,000 times, take the 2.5th and 97.5th
 * percentiles of the statistic. [value, value] for a single sample.
 */
export function bootstrap(xs, statistic = median, { iterations = 2000, seed = 1 } = {}) {
  if (xs.length < 2) return [statistic(xs), statistic(xs)];
  const next = random(seed);
  const stats = new Float64Array(iterations);
  const sample = new Array(xs.length);
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < xs.length; j++) sample[j] = xs[Math.floor(next() * xs.length)];
    stats[i] = statistic(sample);
  }
  stats.sort();
  return [stats[Math.floor(0.025 * iterations)], stats[Math.min(iterations - 1, Math.floor(0.975 * iterations))]];
}

/**
 * The interval of a difference of two unpaired samples' statistic (e.g. p99
 * of paid requests minus p99 of pass-throughs): each side resampled apart.
 */
export function bootstrapDifference(a, b, statistic, { iterations = 2000, seed = 2 } = {}) {
  const next = random(seed);
  const draw = (xs) => Array.from(xs, () => xs[Math.floor(next() * xs.length)]);
  const diffs = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) diffs[i] = statistic(draw(a)) - statistic(draw(b));
  diffs.sort();
  return [diffs[Math.floor(0.025 * iterations)], diffs[Math.min(iterations - 1, Math.floor(0.975 * iterations))]];
}

/** value[i] / base[i] for each round: the ratio within one round, where load weighed on both alike. */
export function pairedRatios(values, base) {
  if (values.length !== base.length)
    throw new Error(`paired samples differ in length: ${values.length} vs ${base.length}`);
  return values.map((v, i) => v / base[i]);
}
