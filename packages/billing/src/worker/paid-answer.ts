import { UserDOError, jsonError } from "@userdo/core";
import type { PaidAnswer, PaidReplayed } from "../shared/paid-types.js";

/** The header a replayed answer carries, as Stripe names it: `Idempotent-Replayed: true`. */
export const REPLAYED_HEADER = "idempotent-replayed";

/** The largest answer body `paid()` keeps for replays unless told otherwise (64 KiB). */
export const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024;

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * What makes two requests the same one, as a SHA-256 hex: the method, the path
 * with its query, and the body (streamed through the digest, never held whole).
 * Reads a clone: the request's own body is left for the work. When your code
 * read the body already, pass what it read (`body`): the text, the bytes, or
 * the fields it used.
 *
 * @example
 * ```ts
 * await fingerprintOf(new Request("https://api.example/v1/run?x=1", { method: "POST", body: "{}" })); // "5f1c…"
 * ```
 */
export async function fingerprintOf(request: Request, body?: string | ArrayBuffer | ArrayBufferView): Promise<string> {
  const url = new URL(request.url);
  const digest = new crypto.DigestStream("SHA-256");
  const writer = digest.getWriter();
  await writer.write(new TextEncoder().encode(`${request.method} ${url.pathname}${url.search}\n`));
  if (body !== undefined) {
    await writer.write(typeof body === "string" ? new TextEncoder().encode(body) : body);
    await writer.close();
  } else if (request.body === null) {
    await writer.close();
  } else if (request.bodyUsed) {
    throw new UserDOError(
      500,
      "body_already_read",
      "paid() binds the Idempotency-Key to the request's body: call it before reading the body, or pass { body } with what you read",
    );
  } else {
    writer.releaseLock();
    await request.clone().body!.pipeTo(digest);
  }
  return hex(await digest.digest);
}

/**
 * The answer to keep for replays: status, `Content-Type`, `Location` and the
 * body read from a clone, up to `maxBytes` (a larger body is not kept: a
 * replay then answers that the work is done). The response itself is left
 * whole for the client.
 */
export async function keepableAnswer(response: Response, maxBytes: number): Promise<PaidAnswer> {
  const head = {
    status: response.status,
    contentType: response.headers.get("content-type"),
    location: response.headers.get("location"),
  };
  if (response.body === null) return { ...head, size: 0, body: null };
  const reader = response.clone().body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Only the client reads the rest; a long stream is never held here.
      await reader.cancel().catch(() => {});
      return { ...head, size, body: null };
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ...head, size, body: body.buffer };
}

const NO_BODY = new Set([204, 205, 304]);

/**
 * The kept answer of a key's first request, marked `Idempotent-Replayed: true`
 * and never cached. When its body was too large to keep, a 409
 * `already_done`: the work is done and paid, and is not done again.
 */
export function replayResponse(replayed: PaidReplayed): Response {
  const { answer } = replayed;
  const headers = new Headers({ [REPLAYED_HEADER]: "true", "cache-control": "no-store" });
  if (answer.body === null && answer.size > 0) {
    return jsonError(
      409,
      "already_done",
      "the work of this Idempotency-Key is done and paid; its answer was too large to keep, so it cannot be sent again",
      headers,
    );
  }
  if (answer.contentType !== null) headers.set("content-type", answer.contentType);
  if (answer.location !== null) headers.set("location", answer.location);
  const body = NO_BODY.has(answer.status) ? null : answer.body;
  return new Response(body, { status: answer.status, headers });
}
