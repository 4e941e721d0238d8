// A fake GitHub GraphQL sponsors API at the network edge. It checks requests
// as GitHub would (POST, bearer token, a sponsorshipsAsMaintainer query) and
// pages the sponsorships it holds two at a time.

export interface FakeSponsorship {
  readonly id: string;
  readonly sponsorId: number;
  readonly createdAt: number;
  readonly cents: number;
  readonly oneTime?: boolean;
}

export interface FakeGitHubSponsors {
  readonly fetch: typeof fetch;
  sponsorships: FakeSponsorship[];
  requests: number;
  /** Answers this status instead, while > 0 requests remain to fail. */
  failNext: number;
}

export function fakeGitHubSponsors(sponsorships: FakeSponsorship[] = []): FakeGitHubSponsors {
  const api: FakeGitHubSponsors = {
    sponsorships,
    requests: 0,
    failNext: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      api.requests++;
      if (api.failNext > 0) {
        api.failNext--;
        return new Response("unavailable", { status: 503 });
      }
      if (request.method !== "POST" || request.headers.get("authorization") !== "bearer ghp_test_userdo") {
        return Response.json({ message: "Bad credentials" }, { status: 401 });
      }
      const { query, variables } = (await request.json()) as { query: string; variables: { cursor: string | null } };
      if (!query.includes("sponsorshipsAsMaintainer")) return Response.json({ errors: [{ message: "unknown query" }] });
      const start = variables.cursor === null ? 0 : Number(variables.cursor);
      const page = api.sponsorships.slice(start, start + 2);
      const end = start + page.length;
      return Response.json({
        data: {
          viewer: {
            sponsorshipsAsMaintainer: {
              pageInfo: { hasNextPage: end < api.sponsorships.length, endCursor: String(end) },
              nodes: page.map((s) => ({
                id: s.id,
                createdAt: new Date(s.createdAt).toISOString(),
                isOneTimePayment: s.oneTime ?? false,
                tier: { monthlyPriceInCents: s.cents, isOneTime: s.oneTime ?? false },
                sponsorEntity: { databaseId: s.sponsorId },
              })),
            },
          },
        },
      });
    },
  };
  return api;
}
