import { WorkerEntrypoint } from "cloudflare:workers";

/**
 * A customer's app, standing in for a script uploaded to the dispatch
 * namespace. It knows nothing of metering: the dispatch Worker paid for the
 * request before it got here.
 *
 * @example
 * ```jsonc
 * // wrangler.jsonc, locally: "services": [{ "binding": "APP_HELLO", "service": "userdo-dispatch", "entrypoint": "HelloApp" }]
 * ```
 */
export class HelloApp extends WorkerEntrypoint {
  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    return Response.json({ app: "hello", path: url.pathname, message: "Hello from a hosted Worker." });
  }
}
