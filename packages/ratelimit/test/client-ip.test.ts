import { describe, expect, it } from "vitest";
import { UNKNOWN_CLIENT_KEY, clientKey, ipKey } from "../src/index.js";

describe("client keys", () => {
  it("keep IPv4 addresses whole", () => {
    expect(ipKey("203.0.113.9")).toBe("ip:203.0.113.9");
    expect(ipKey(" 203.0.113.009 ")).toBe("ip:203.0.113.9");
    expect(ipKey("::ffff:203.0.113.9")).toBe("ip:203.0.113.9");
    expect(ipKey("::ffff:cb00:7109")).toBe("ip:203.0.113.9");
  });

  it("group IPv6 addresses by /64, whatever their spelling", () => {
    const key = "ip:2001:db8:0:1::/64";
    for (const address of [
      "2001:db8:0:1::1",
      "2001:DB8:0000:0001:ffff:ffff:ffff:ffff",
      "[2001:db8::1:0:0:0:5]",
      "2001:db8:0:1::1%eth0",
      "2001:db8:0:1:0:0:192.0.2.1",
    ]) {
      expect(ipKey(address)).toBe(key);
    }
    expect(ipKey("::1")).toBe("ip:0:0:0:0::/64");
    expect(ipKey("2001:db8:0:2::1")).not.toBe(key);
  });

  it("refuse what is not an address", () => {
    for (const bad of [
      "",
      "localhost",
      "256.1.1.1",
      "1.2.3",
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      "12345::",
      "::ffff:1.2.3.256",
      "1:2:3:4:5:6:7::8",
    ]) {
      expect(ipKey(bad)).toBeNull();
    }
  });

  it("come from CF-Connecting-IP only, never from X-Forwarded-For", () => {
    const request = (headers: Record<string, string>) => new Request("https://x/", { headers });
    expect(clientKey(request({ "CF-Connecting-IP": "2001:db8:0:1::7" }))).toBe("ip:2001:db8:0:1::/64");
    expect(clientKey(request({ "X-Forwarded-For": "198.51.100.1" }))).toBe(UNKNOWN_CLIENT_KEY);
    expect(clientKey(request({ "CF-Connecting-IP": "garbage" }))).toBe(UNKNOWN_CLIENT_KEY);
  });
});
