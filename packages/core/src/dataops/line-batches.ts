import { UserDOError } from "../errors.js";

/** The longest line an import reads: a 2 MB BLOB in base64 and its row, with room. */
export const MAX_LINE_CHARS = 8 * 1024 * 1024;

/**
 * The lines of a UTF-8 byte stream, in batches as they arrive (each batch the
 * whole lines of one or more reads), so a caller applies a batch in one
 * synchronous step. Holds at most one read and one unfinished line.
 */
export async function* lineBatches(stream: ReadableStream<Uint8Array>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const reader = stream.getReader();
  let rest = "";
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      let text: string;
      try {
        text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      } catch {
        throw new UserDOError(400, "bad_export", "the export is not valid UTF-8");
      }
      const lines = (rest + text).split("\n");
      rest = lines.pop()!;
      if (rest.length > MAX_LINE_CHARS) {
        throw new UserDOError(400, "bad_export", `a line of the export is longer than ${MAX_LINE_CHARS} characters`);
      }
      const whole = lines.filter((line) => line !== "");
      if (whole.length > 0) yield whole;
      if (done) {
        finished = true;
        if (rest !== "") yield [rest];
        return;
      }
    }
  } finally {
    // Stopped early (a refused export): the sender learns it, and stops.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
