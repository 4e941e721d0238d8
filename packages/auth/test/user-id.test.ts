import { UserDOError } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { userIdFor } from "../src/index.js";

describe("userIdFor", () => {
  it("names a user's object by the provider's account id", () => {
    expect(userIdFor("github", "583231")).toBe("583231");
    expect(userIdFor("x", "1849265")).toBe("x-1849265");
  });

  it("answers a provider's odd account id as the provider's fault (502), not as an internal error", () => {
    for (const id of ["", "0", "-1", "abc", "1e3"]) {
      const thrown = (() => {
        try {
          userIdFor("github", id);
        } catch (error) {
          return error;
        }
      })();
      expect(thrown, id).toBeInstanceOf(UserDOError);
      expect((thrown as UserDOError).status, id).toBe(502);
    }
  });
});
