// The property every endpoint keeps under malformed input: no 5xx, and every 4xx is a JSON error.
import fc from "fast-check";
import { type FuzzCase, type FuzzEndpoint, fuzzCases } from "./requests.js";

/** A fuzz test's time limit: a run takes a few seconds, more on a busy machine (vitest's default is 5). */
export const FUZZ_TIMEOUT_MS = 60_000;

/** The seed every fuzz run starts from unless told otherwise: the same cases each run, so a failure reproduces. */
export const DEFAULT_FUZZ_SEED = 20261205;

/**
 * Why an answer breaks the promise, or null when it keeps it: a status of 500
 * or more, or a 4xx whose body is not JSON `{"error": "<message>", ...}` (the
 * shape of `jsonError`). A HEAD answer has no body to check.
 *
 * @example
 * ```ts
 * expect(await answerProblem(response, "GET")).toBeNull();
 * ```
 */
export async function answerProblem(response: Response, method: string): Promise<string | null> {
  const text = await response.text();
  if (response.status >= 500) return `answered ${response.status}: ${text.slice(0, 300)}`;
  if (response.status < 400 || method === "HEAD") return null;
  const type = response.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json"))
    return `answered ${response.status} as "${type}", not JSON: ${text.slice(0, 300)}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `answered ${response.status} with a body that does not parse: ${text.slice(0, 300)}`;
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error !== "string" || error.length === 0)
    return `answered ${response.status} without an "error" message: ${text.slice(0, 300)}`;
  return null;
}

function where(endpoint: FuzzEndpoint): string {
  return typeof endpoint.path === "string" ? endpoint.path : "(generated paths)";
}

/** How many cases, and from which seed. */
export interface FuzzRunOptions {
  readonly numRuns: number;
  readonly seed?: number;
  /** The failing case's path from a failure report: with its seed, replays just that case. */
  readonly path?: string;
}

/** What a run sent: how many requests, and how many got each status (to see how deep the cases reached). */
export interface FuzzReport {
  readonly cases: number;
  readonly statuses: Readonly<Record<number, number>>;
  /** How many answers had a status under 400: cases that got past every check. */
  readonly passed: number;
}

/**
 * Sends `numRuns` malformed requests to one endpoint and fails on the first
 * answer that breaks {@link answerProblem}'s promise. The run starts from a
 * fixed seed ({@link DEFAULT_FUZZ_SEED} unless given); a failure names that
 * seed, the shrunk request and the answer, so `fuzzEndpoint(..., { seed, path })`
 * replays it. Answers how many requests were sent and their statuses.
 *
 * @example
 * ```ts
 * await fuzzEndpoint({ path: "/balance", methods: ["GET"] }, (c) => SELF.fetch(toRequest(ORIGIN, c)), { numRuns: 200 });
 * ```
 */
export async function fuzzEndpoint(
  endpoint: FuzzEndpoint,
  send: (c: FuzzCase) => Promise<Response>,
  options: FuzzRunOptions,
): Promise<FuzzReport> {
  const seed = options.seed ?? DEFAULT_FUZZ_SEED;
  let sent = 0;
  const statuses: Record<number, number> = {};
  const details = await fc.check(
    fc.asyncProperty(fuzzCases(endpoint), async (c) => {
      sent++;
      let response: Response;
      try {
        response = await send(c);
      } catch (error) {
        // workerd answers a Worker that throws with a 500; the test sees the error itself.
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new Error(`the Worker threw (a 500 for the client): ${message}`);
      }
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      const problem = await answerProblem(response, c.method);
      if (problem !== null) throw new Error(problem);
    }),
    { numRuns: options.numRuns, seed, ...(options.path !== undefined && { path: options.path }) },
  );
  if (details.failed) {
    throw new Error(
      `fuzz ${where(endpoint)} failed after ${details.numRuns} cases; replay it with { seed: ${seed}, path: "${details.counterexamplePath}" }\n` +
        `request: ${fc.stringify(details.counterexample?.[0])}\n` +
        `problem: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
    );
  }
  const passed = Object.entries(statuses).reduce((n, [status, count]) => (Number(status) < 400 ? n + count : n), 0);
  if (endpoint.reachesWork && passed === 0)
    throw new Error(
      `fuzz ${where(endpoint)}: no case got past the route's checks (${JSON.stringify(statuses)}); the cases no longer reach its work`,
    );
  return { cases: sent, statuses, passed };
}
