/**
 * A JSON answer no cache keeps: `content-type: application/json; charset=utf-8`
 * and `cache-control: no-store`, besides the headers given. Routes answer
 * per-user data, so nothing between may store it.
 *
 * @example
 * ```ts
 * const todo = await stub.add("buy milk");
 * return jsonResponse(201, { id: todo.id }, { location: `/todos/${todo.id}` });
 * ```
 */
export function jsonResponse(status: number, body: unknown, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  h.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { status, headers: h });
}
