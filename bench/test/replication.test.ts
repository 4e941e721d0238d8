import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { call, post } from "./http.js";

describe("scenario 5: replication", () => {
  it("writes the same rows with capture on and off", async () => {
    expect(await call("/replication/write/uncaptured?n=20")).toMatchObject({ status: 200, body: { result: 20 } });
    const captured = await call("/replication/write/captured?n=20");
    expect(captured.status).toBe(200);
    // rowsWritten also counts the trigger's outbox row: more than 20, never fewer.
    expect(captured.body.result).toBeGreaterThanOrEqual(20);
  });

  it("brings a burst to the master when the platform's alarm runs the flush", async () => {
    expect(await post("/replication/burst/lag-t?n=300")).toMatchObject({ status: 200 });
    // Held for flushDelayMs (1 s) after the burst's first write: nothing there yet.
    expect(await call("/replication/master-count/lag-t")).toMatchObject({ status: 200, body: { result: 0 } });
    await vi.waitFor(
      async () => expect(await call("/replication/master-count/lag-t")).toMatchObject({ body: { result: 300 } }),
      { timeout: 20_000, interval: 50 },
    );
    expect(await env.REPLICATED.get(env.REPLICATED.idFromName("lag-t")).countItems()).toBe(300);
  });

  it("ingests batches straight into the master; a replayed sequence is a 409, nothing applied twice", async () => {
    expect(await post("/replication/ingest/ing?from=0&batches=3&rows=100")).toMatchObject({
      status: 200,
      body: { result: 300 },
    });
    expect(await post("/replication/ingest/ing?from=0&batches=1&rows=100")).toMatchObject({
      status: 409,
      body: { code: "bad_sequence" },
    });
    expect(await post("/replication/ingest/ing?from=500&batches=1&rows=100")).toMatchObject({
      status: 409,
      body: { code: "bad_sequence" },
    });
    expect(await call("/replication/master-count/ing")).toMatchObject({ body: { result: 300 } });
  });

  it("refuses bad input with JSON errors", async () => {
    expect(await call("/replication/write/sometimes?n=1")).toMatchObject({ status: 404 });
    expect(await call("/replication/burst/x?n=1")).toMatchObject({ status: 405 });
    expect(await post("/replication/burst/x?n=0")).toMatchObject({ status: 400, body: { code: "bad_param" } });
    expect(await post("/replication/ingest/x?from=0&batches=1&rows=5000")).toMatchObject({
      status: 400,
      body: { code: "bad_param" },
    });
    expect(await call("/replication/master-count/a%20b")).toMatchObject({ status: 400, body: { code: "bad_name" } });
  });
});
