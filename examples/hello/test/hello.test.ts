import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("hello example", () => {
  it("keeps each user's notes in that user's object", async () => {
    const add = (user: string, text: string) =>
      SELF.fetch(`http://localhost/?user=${user}`, {
        method: "POST",
        body: new URLSearchParams({ text }),
        redirect: "manual",
      });
    expect((await add("ada", "first")).status).toBe(303);
    await add("ada", "<b>second</b>");
    await add("bob", "bob's");
    const ada = (await (await SELF.fetch("http://localhost/api/notes?user=ada")).json()) as { text: string }[];
    expect(ada.map((n) => n.text)).toEqual(["<b>second</b>", "first"]);
    const html = await (await SELF.fetch("http://localhost/?user=ada")).text();
    expect(html).toContain("&lt;b&gt;second&lt;/b&gt;");
    expect(html).not.toContain("bob's");
  });

  it("answers bad input with a JSON 400 and writes nothing", async () => {
    const response = await SELF.fetch("http://localhost/?user=carol", {
      method: "POST",
      body: new URLSearchParams({ text: "" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/text must be/) });
    expect(await (await SELF.fetch("http://localhost/api/notes?user=carol")).json()).toEqual([]);
  });

  it("reads at most a small form: 50 MB is a 413 and writes nothing", async () => {
    const body = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    body.set(new TextEncoder().encode("text="));
    const response = await SELF.fetch("http://localhost/?user=dave", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "body_too_large" });
    expect(await (await SELF.fetch("http://localhost/api/notes?user=dave")).json()).toEqual([]);
  });
});
