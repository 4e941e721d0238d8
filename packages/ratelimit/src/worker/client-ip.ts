/**
 * The key every request without a readable client address shares.
 *
 * @example
 * ```ts
 * clientKey(new Request("https://x/")); // UNKNOWN_CLIENT_KEY, "ip:unknown"
 * ```
 */
export const UNKNOWN_CLIENT_KEY = "ip:unknown";

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

function ipv4(text: string): number[] | null {
  const match = IPV4.exec(text);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/** An IPv6 address as 8 numbers, or null. Accepts `::`, zones and a trailing IPv4. */
function ipv6(text: string): number[] | null {
  const address = text.toLowerCase().replace(/%.*$/, "");
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const groups = part.split(":");
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i]!;
      if (i === groups.length - 1 && group.includes(".")) {
        const v4 = ipv4(group);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (HEXTET.test(group)) {
        out.push(parseInt(group, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}

/**
 * The rate-limit key of a client address: `ip:<a.b.c.d>` for IPv4 (also when
 * written as IPv4-mapped IPv6), `ip:<first four groups>::/64` for IPv6, since
 * one subscriber usually holds a whole /64 and could otherwise rotate through
 * 2^64 keys. Null when `address` is not an IP address.
 *
 * @example
 * ```ts
 * ipKey("2001:db8:1:2:aaaa::1"); // "ip:2001:db8:1:2::/64"
 * ipKey("::ffff:203.0.113.9");   // "ip:203.0.113.9"
 * ```
 */
export function ipKey(address: string): string | null {
  const text = address.trim().replace(/^\[(.*)\]$/, "$1");
  const v4 = ipv4(text);
  if (v4) return `ip:${v4.join(".")}`;
  if (!text.includes(":")) return null;
  const v6 = ipv6(text);
  if (!v6) return null;
  const mapped = v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff;
  if (mapped) return `ip:${v6[6]! >> 8}.${v6[6]! & 0xff}.${v6[7]! >> 8}.${v6[7]! & 0xff}`;
  return `ip:${v6
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/**
 * The rate-limit key of the client that sent `request`, from Cloudflare's
 * `CF-Connecting-IP` (set by the edge, not by the client; `X-Forwarded-For`
 * is never read because a client can write it). Requests without a readable
 * address share {@link UNKNOWN_CLIENT_KEY}, so they cannot escape the limit.
 *
 * @example
 * ```ts
 * const key = clientKey(request); // "ip:203.0.113.9"
 * ```
 */
export function clientKey(request: Request): string {
  const address = request.headers.get("CF-Connecting-IP");
  return (address && ipKey(address)) || UNKNOWN_CLIENT_KEY;
}
