/** Log levels, least to most severe. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Severity rank of a level; unknown levels count as "info". */
export function levelRank(level: string): number {
  const rank = LOG_LEVELS.indexOf(level as LogLevel);
  return rank === -1 ? 1 : rank;
}
