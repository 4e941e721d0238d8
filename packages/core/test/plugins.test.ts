import { env, evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { UserDO, definePlugin, handlePluginRoutes, userStub, withPlugins } from "../src/index.js";
import { visits } from "./worker.js";
import { CORE_MIGRATIONS, CORE_TABLES } from "./scheduler-fixtures.js";

describe("plugins on a UserDO", () => {
  it("run their migrations beside the app's, namespaced, in one runner", async () => {
    const stub = userStub(env.WITH_PLUGINS, "composed");
    expect(await stub.migrationIds()).toEqual([
      ...CORE_MIGRATIONS,
      "visits/001_visits",
      "greetings/001_greetings",
      "app/001_todo",
      "app/002_note",
    ]);
  });

  it("add typed RPC methods that run with the plugin context", async () => {
    const stub = userStub(env.WITH_PLUGINS, "methods");
    expect(await stub.visit()).toBe(1);
    expect(await stub.visit()).toBe(2);
    expect(await stub.greet("ada")).toBe("hello ada");
    expect(await stub.visitorName()).toBe("methods");
    const log = await stub.readLog({ level: "debug" });
    expect(log.map((e) => e.message)).toEqual(["visit", "visit"]);
  });

  it("keep their state across eviction", async () => {
    const stub = userStub(env.WITH_PLUGINS, "plugin-evicted");
    await stub.visit();
    await evictDurableObject(stub);
    expect(await stub.visit()).toBe(2);
  });
});

describe("plugins on a plain DurableObject", () => {
  it("attach to a class that does not extend UserDO, keeping its own behaviour", async () => {
    const stub = env.PLAIN.get(env.PLAIN.idFromName("counter-1"));
    expect(await stub.increment()).toBe(1);
    expect(await stub.visit()).toBe(1);
    expect(await stub.increment()).toBe(2);
    expect(await stub.visitorName()).toBe("counter-1");
    expect(await stub.tables()).toEqual([...CORE_TABLES, "_userdo_visits", "counter"].sort());
    expect((await stub.readLog({ level: "debug" }))[0]).toMatchObject({ message: "visit" });
  });
});

describe("composition errors", () => {
  it("refuses the same plugin twice", () => {
    const Once = withPlugins(UserDO, visits);
    expect(() => withPlugins(Once, visits)).toThrow(/plugin "visits" is already attached/);
  });

  it("refuses a method that the class already has", () => {
    const clash = definePlugin({ name: "clash", methods: { readLog() {} } });
    expect(() => withPlugins(UserDO, clash)).toThrow(/brings method "readLog", which the class already has/);
  });
});

describe("plugin Worker routes", () => {
  const ping = definePlugin({
    name: "ping",
    routes: (request) => (new URL(request.url).pathname === "/ping" ? new Response("pong") : null),
  });
  const failing = definePlugin({
    name: "failing",
    routes: () => {
      throw Object.assign(new Error("nope"), { status: 403, code: "forbidden" });
    },
  });
  const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext;

  it("answer the first route that claims a request, or null", async () => {
    expect(await (await handlePluginRoutes(new Request("http://x/ping"), {}, ctx, [ping]))!.text()).toBe("pong");
    expect(await handlePluginRoutes(new Request("http://x/other"), {}, ctx, [ping])).toBeNull();
  });

  it("turn a thrown error into a JSON answer with its status", async () => {
    const response = (await handlePluginRoutes(new Request("http://x/"), {}, ctx, [failing]))!;
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "nope", code: "forbidden" });
  });
});
