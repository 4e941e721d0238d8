// Progress on stderr: what a scenario is doing and how far it is, at least
// every few seconds, so a long scenario never runs silent.
const EVERY_MS = 3000;

/**
 * A reporter for one stretch of work: `tick(done, total)` records how far it
 * is. A line `  <scenario>: <what> done/total (Ns)` is printed when a few
 * seconds passed since the last one, on a tick or, while a long step runs
 * between ticks, on a timer; and always at the end (done === total), which
 * also stops the timer.
 */
export function progress(scenario, what) {
  const started = Date.now();
  let last = started;
  let state = "started";
  const print = () => {
    last = Date.now();
    process.stderr.write(`  ${scenario}: ${what} ${state} (${Math.round((last - started) / 1000)} s)\n`);
  };
  process.stderr.write(`  ${scenario}: ${what}...\n`);
  const timer = setInterval(() => {
    if (Date.now() - last >= EVERY_MS) print();
  }, 1000);
  timer.unref();
  return (done, total) => {
    state = `${done}/${total}`;
    if (done >= total) {
      clearInterval(timer);
      print();
    } else if (Date.now() - last >= EVERY_MS) print();
  };
}
