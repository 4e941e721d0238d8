// Fakes of the third parties the packages call, for workerd tests: serve them at
// the network edge (Miniflare's outboundService) or pass them as a client's fetch.
export * from "./github-oauth.js";
export * from "./github-sponsors.js";
export * from "./stripe.js";
export * from "./x-oauth.js";
