// The todo forms read at most a few kilobytes: a huge body is a 413 before
// anything is parsed, charged or written, whether its size is declared or not.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const ORIGIN = "http://localhost";
const MB = 1024 * 1024;

/** A 50 MB form body, declared (Content-Length) or streamed in 1 MB chunks without a length. */
function fiftyMegabytes(streamed: boolean): BodyInit {
  const chunk = new TextEncoder().encode(`title=${"a".repeat(MB - 6)}`);
  if (!streamed) {
    const whole = new Uint8Array(50 * MB);
    whole.fill(0x61);
    whole.set(new TextEncoder().encode("title="));
    return whole;
  }
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 50) return controller.close();
      sent++;
      controller.enqueue(chunk.slice());
    },
  });
}

describe("form bodies", () => {
  for (const path of ["/todos", "/todos/1"]) {
    for (const streamed of [false, true]) {
      it(`POST ${path} with 50 MB (${streamed ? "streamed" : "declared"}) is a 413 JSON error`, async () => {
        const response = await SELF.fetch(`${ORIGIN}${path}`, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            origin: ORIGIN,
            "sec-fetch-site": "same-origin",
          },
          body: fiftyMegabytes(streamed),
          redirect: "manual",
        });
        expect(response.status).toBe(413);
        expect(await response.json()).toMatchObject({ code: "body_too_large", error: expect.any(String) });
      });
    }
  }

  it("a form that is not UTF-8 is a 400", async () => {
    const response = await SELF.fetch(`${ORIGIN}/todos`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: new Uint8Array([0x74, 0x69, 0x74, 0x6c, 0x65, 0x3d, 0xff, 0xfe]),
      redirect: "manual",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "bad_form" });
  });
});
