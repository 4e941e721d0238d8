// Times requests to the bench Worker from outside the runtime (inside a
// Worker, timers only move on I/O), and the statistics the scenarios use.
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
 * Per-operation cost of `kinds` (name -> url builder taking n), in µs. Each
 * round times every kind at n=N and at n=0 (the call's own cost, subtracted
 * as its median over rounds), in a shuffled order, so that machine load
 * weighs on all alike; the cost is taken from the median round. `init`
 * (headers: a credential) goes with every request.
 */
export async function perOperation(kinds, { n, rounds, warmup = true, init }) {
  const names = Object.keys(kinds);
  if (warmup) for (const name of names) await timeRequest(kinds[name](n, -1), init);
  const full = Object.fromEntries(names.map((name) => [name, []]));
  const zero = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of shuffled(names)) {
      zero[name].push(await timeRequest(kinds[name](0, round), init));
      full[name].push(await timeRequest(kinds[name](n, round), init));
    }
  }
  return Object.fromEntries(names.map((name) => [name, ((median(full[name]) - median(zero[name])) / n) * 1000]));
}

function shuffled(xs) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export const median = (xs) => quantile(xs, 0.5);

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
