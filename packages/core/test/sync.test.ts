import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { userStub } from "../src/index.js";

describe("the synchronous path", () => {
  it("runs prepared queries with new parameters each call", async () => {
    const stub = userStub(env.TODO, "prepared");
    await stub.add("a");
    await stub.add("b");
    expect(await stub.getPrepared(2)).toEqual({ id: 2, title: "b", done: 0, note: null });
    expect(await stub.getPrepared(3)).toBeNull();
  });

  it("leaves no statement open after first() of many rows: DROP works at once", async () => {
    const stub = userStub(env.TODO, "first-then-drop");
    await stub.addAll(["a", "b", "c"]);
    expect(await stub.firstTitle()).toEqual({ prepared: "a", builder: "a" });
    expect(await stub.rawExec("DROP TABLE todo", [])).toEqual([]);
  });

  it("reads many rows as objects or as arrays", async () => {
    const stub = userStub(env.TODO, "raw-rows");
    await stub.addAll(["a", "b", "c"]);
    expect(await stub.titles(2)).toEqual({
      objects: [
        { id: 1, title: "a" },
        { id: 2, title: "b" },
      ],
      arrays: [
        [1, "a"],
        [2, "b"],
      ],
    });
  });

  it("commits every write of a transactionSync together", async () => {
    const stub = userStub(env.TODO, "tx-commit");
    expect(await stub.addAll(["a", "b", "c"])).toBe(3);
  });

  it("rolls back every write of a transactionSync that throws", async () => {
    const stub = userStub(env.TODO, "tx-rollback");
    await stub.addAll(["kept"]);
    await expect(stub.addAll(["x", "y", "FAIL", "z"])).rejects.toThrow("refused FAIL");
    expect((await stub.list()).map((t) => t.title)).toEqual(["kept"]);
  });

  it("rolls back async db writes inside a failed this.transaction", async () => {
    const stub = userStub(env.TODO, "async-tx");
    await expect(stub.asyncTransactionFails("ghost")).rejects.toThrow("rolled back");
    expect(await stub.list()).toEqual([]);
  });

  it("binds typed arrays as bytes and booleans as integers", async () => {
    const stub = userStub(env.TODO, "binding");
    await stub.insertNote(new Uint8Array([1, 2, 3]));
    const rows = await stub.rawExec("SELECT typeof(note) AS t, length(note) AS n, ? AS b FROM todo", [true]);
    expect(rows).toEqual([{ t: "blob", n: 3, b: 1 }]);
  });
});

describe("platform limits", () => {
  it("rejects more than 100 bound parameters with a 400 naming the limit", async () => {
    const stub = userStub(env.TODO, "limits-params");
    const sql = `SELECT ${Array.from({ length: 101 }, () => "?").join(", ")}`;
    const error = await stub.rawExec(sql, Array(101).fill(1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SqlLimitError", status: 400, code: "sql_limit" });
    expect((error as Error).message).toMatch(/101 parameters; the platform limit is 100/);
  });

  it("takes a statement of exactly 100,000 bytes and refuses one byte more on every path, naming the limit", async () => {
    const stub = userStub(env.TODO, "limits-statement");
    for (const path of ["sync.exec", "db", "prepared"] as const) {
      expect(await stub.selectOfBytes(100_000, path), path).toBeGreaterThan(99_000);
      const error = await stub.selectOfBytes(100_001, path).catch((e: unknown) => e);
      expect(error, path).toMatchObject({ name: "SqlLimitError", status: 400, code: "sql_limit" });
      expect((error as Error).message, path).toMatch(/100,001 bytes; the platform limit is 100,000 bytes/);
    }
    // Bytes, not characters: 33,334 three-byte characters are 100,002 bytes.
    await expect(stub.rawExec(`SELECT '${"€".repeat(33_334)}'`, [])).rejects.toMatchObject({ code: "sql_limit" });
  });

  it("rejects a value over 2 MB and writes nothing", async () => {
    const stub = userStub(env.TODO, "limits-value");
    await expect(stub.insertNote("x".repeat(2 * 1024 * 1024 + 1))).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/2 MB/),
    });
    await expect(stub.insertNote(new Uint8Array(2 * 1024 * 1024 + 1))).rejects.toMatchObject({ status: 400 });
    expect(await stub.list()).toEqual([]);
  });

  it("accepts a value just under 2 MB of multi-byte text", async () => {
    const stub = userStub(env.TODO, "limits-ok");
    // 699,050 three-byte characters: 2,097,150 bytes.
    const result = await stub.insertNote("€".repeat(699_050));
    expect(result.rowsWritten).toBeGreaterThan(0);
  });
});
