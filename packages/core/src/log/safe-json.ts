/**
 * JSON for log data that never throws: circular references, BigInts, Errors,
 * functions and throwing getters become readable markers, and output over
 * `maxChars` is cut and marked as truncated.
 */
export function safeJson(data: unknown, maxChars: number): string {
  let text: string;
  try {
    const seen = new WeakSet<object>();
    text =
      JSON.stringify(data, (_key, value: unknown) => {
        if (typeof value === "bigint") return `${value}n`;
        if (typeof value === "function") return `[Function ${value.name || "anonymous"}]`;
        if (typeof value === "symbol") return value.toString();
        if (value instanceof Error) return { name: value.name, message: value.message };
        if (value instanceof ArrayBuffer) return `[ArrayBuffer ${value.byteLength} bytes]`;
        if (typeof value === "object" && value !== null) {
          if (seen.has(value)) return "[Circular]";
          seen.add(value);
        }
        return value;
      }) ?? "null";
  } catch (error) {
    text = JSON.stringify(`[Unserializable: ${error instanceof Error ? error.message : String(error)}]`);
  }
  if (text.length <= maxChars) return text;
  return JSON.stringify({ truncated: true, length: text.length, preview: text.slice(0, Math.max(0, maxChars - 80)) });
}
