/** B-cubed precision / recall / F1 of a predicted clustering against gold (ids missing from pred are singletons). */
export function bcubedScore(gold: Map<string, string>, pred: Map<string, string>): { precision: number; recall: number; f1: number } {
  const groups = (m: Map<string, string>) => {
    const g = new Map<string, Set<string>>();
    for (const [id, c] of m) g.set(c, (g.get(c) ?? new Set()).add(id));
    return g;
  };
  const G = groups(gold);
  const P = groups(pred);
  let p = 0;
  let r = 0;
  for (const [id, c] of gold) {
    const gs = G.get(c)!;
    const ps = P.get(pred.get(id) ?? `single:${id}`) ?? new Set([id]);
    let both = 0;
    for (const x of ps) if (gs.has(x)) both++;
    p += both / ps.size;
    r += both / gs.size;
  }
  p /= gold.size;
  r /= gold.size;
  return { precision: p, recall: r, f1: (2 * p * r) / (p + r) };
}
