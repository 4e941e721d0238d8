// Progress on stderr: what a scenario is doing and how far it is, at most
// every few seconds, so a long scenario never runs silent.
const EVERY_MS = 3000;

/**
 * A reporter for one stretch of work: `tick(done, total)` prints
 * `  <scenario>: <what> done/total (Ns)` when a few seconds passed since the
 * last line (and always at the end).
 */
export function progress(scenario, what) {
  const started = Date.now();
  let last = started;
  process.stderr.write(`  ${scenario}: ${what}...\n`);
  return (done, total) => {
    const now = Date.now();
    if (now - last < EVERY_MS && done < total) return;
    last = now;
    process.stderr.write(`  ${scenario}: ${what} ${done}/${total} (${Math.round((now - started) / 1000)} s)\n`);
  };
}
