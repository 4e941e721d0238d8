const base = "http://127.0.0.1:8841";
const token = await (await fetch(`${base}/setup?user=424242`)).text();
const auth = { authorization: `Bearer ${token}` };
async function time(path, headers, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await fetch(base + path, { headers });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${path} ${r.status}`);
    out.push(performance.now() - t);
  }
  out.sort((a, b) => a - b);
  return { median: out[Math.floor(n / 2)], p90: out[Math.floor(n * 0.9)] };
}
for (const round of [1, 2]) {
  const anon = await time("/anon", {}, 600);
  const paid = await time("/paid", auth, 600);
  const three = await time("/three-hops", auth, 600);
  console.log(JSON.stringify({ round, anon, paid, three, paidRatio: paid.median / anon.median, threeRatio: three.median / anon.median }));
}
