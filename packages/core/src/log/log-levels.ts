import { LOG_LEVELS, type LogLevel } from "../shared/log-levels.js";

// The levels are shared: the Worker's log route takes them in its query.
export { LOG_LEVELS, type LogLevel } from "../shared/log-levels.js";

/** Severity rank of a level; unknown levels count as "info". */
export function levelRank(level: string): number {
  const rank = LOG_LEVELS.indexOf(level as LogLevel);
  return rank === -1 ? 1 : rank;
}
