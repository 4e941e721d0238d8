import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UsageError, parseCommandLine } from "../src/args.mjs";

describe("the command line", () => {
  it("takes a folder, features in any spelling and order, and --no-install", () => {
    assert.deepEqual(parseCommandLine(["my-app"]), { help: false, dir: "my-app", features: [], install: true });
    assert.deepEqual(parseCommandLine(["my-app", "--with", "billing,auth"]).features, ["auth", "billing"]);
    assert.deepEqual(parseCommandLine(["--with=Auth", "my-app", "--with", " billing "]).features, ["auth", "billing"]);
    assert.deepEqual(parseCommandLine(["my-app", "--with", "auth,auth"]).features, ["auth"]);
    assert.equal(parseCommandLine(["my-app", "--no-install"]).install, false);
  });

  it("answers help with -h and --help, whatever else is there", () => {
    assert.equal(parseCommandLine(["-h"]).help, true);
    assert.equal(parseCommandLine(["my-app", "--help", "--with", "nope"]).help, true);
  });

  it("refuses what it cannot do, saying what to do instead", () => {
    const refuses = (argv, pattern) =>
      assert.throws(
        () => parseCommandLine(argv),
        (e) => e instanceof UsageError && pattern.test(e.message),
      );
    refuses([], /name the folder/);
    refuses(["a", "b"], /one folder only, got 2: a b/);
    refuses(["   "], /folder name is empty/);
    refuses(["my-app", "--with", "payments"], /unknown feature "payments" in --with: choose from auth, billing/);
    refuses(["my-app", "--with", "auth,"], /--with needs feature names/);
    refuses(["my-app", "--with"], /argument missing/);
    refuses(["my-app", "--with", "--no-install"], /ambiguous/);
    refuses(["my-app", "--typescript"], /Unknown option '--typescript'/);
  });
});
