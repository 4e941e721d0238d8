import { SELF } from "cloudflare:test";

/** The bench Worker's origin in tests: localhost, where dev login works. */
export const ORIGIN = "http://127.0.0.1";

/** Calls the bench Worker; the answer's status and parsed JSON body. */
export async function call(path: string, init?: RequestInit): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await SELF.fetch(`${ORIGIN}${path}`, { redirect: "manual", ...init });
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : JSON.parse(text), headers: response.headers };
}

/** A POST to the bench Worker. */
export const post = (path: string, init?: RequestInit) => call(path, { method: "POST", ...init });
