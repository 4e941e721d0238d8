// Times requests to the bench Worker from outside the runtime (inside a
// Worker, timers only move on I/O).
import { progress } from "./progress.mjs";

export { bootstrap, median, quantile } from "./stats.mjs";

/** Milliseconds one request takes, its body read. Throws on a non-2xx answer. */
export async function timeRequest(url, init) {
  const start = performance.now();
  const response = await fetch(url, init);
  const body = await response.text();
  const ms = performance.now() - start;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${body.slice(0, 300)}`);
  return ms;
}

/** The JSON answer of a request; throws on a non-2xx answer. */
export async function fetchJson(url, init) {
  const response = await fetch(url, init);
  const body = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

/**
 * Per-operation cost of `kinds` (name -> url builder taking n and the
 * round), in µs, one figure per round. Each round times every kind at n=N
 * and at n=0 (the call's own cost, subtracted), in a shuffled order, so that
 * machine load weighs on all alike within a round: ratios are taken per
 * round (paired). `init` (headers: a credential) goes with every request.
 */
export async function perOperation(kinds, { n, rounds, warmup = true, init, label = "per operation", scenario = "" }) {
  const names = Object.keys(kinds);
  if (warmup) for (const name of names) await timeRequest(kinds[name](n, -1), init);
  const perRound = Object.fromEntries(names.map((name) => [name, []]));
  const tick = progress(scenario, `${label}, ${rounds} rounds of ${names.join(", ")}`);
  for (let round = 0; round < rounds; round++) {
    for (const name of shuffled(names)) {
      const zero = await timeRequest(kinds[name](0, round), init);
      const full = await timeRequest(kinds[name](n, round), init);
      perRound[name].push(((full - zero) / n) * 1000);
    }
    tick(round + 1, rounds);
  }
  return perRound;
}

export function shuffled(xs) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
