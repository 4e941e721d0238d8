/**
 * Runs `work` with every other request, RPC and alarm of the object kept
 * out. A throw inside `blockConcurrencyWhile` would reset the object, so an
 * error is carried out of it and thrown here, to the caller. Only for work
 * that waits on storage alone: a stream read or written inside would wait
 * for events it holds out.
 */
export async function alone<T>(ctx: DurableObjectState, work: () => Promise<T>): Promise<T> {
  const outcome = await ctx.blockConcurrencyWhile(async () => {
    try {
      return { ok: true as const, value: await work() };
    } catch (error) {
      return { ok: false as const, error };
    }
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
