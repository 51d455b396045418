// Trains the learned content model (content-model.ts, rules/content-spans.ts) on the PolNeAR train articles that
// are NOT held out from development (polnear-split.ts's fixed hash); dev and the held-out articles are never read.
// For each claim the rules and the cue model find whose cue is a gold cue, the candidate content spans are ranked
// so that the ones that match the gold content (character overlap over union at least MATCH_IOU) come first: a
// conditional logit (softmax over a cue's candidates) fitted by AdaGrad.
// usage: npx tsx packages/claims/src/train-content-model.ts --train ../shared/corpora/attribution/polnear/train [--leave-out-calibration] [--out packages/claims/data/content-model.json]
// --leave-out-calibration trains without the calibration fifth of the developed-on articles (polnear-split.ts) to measure on them.
// Deterministic: the same corpus gives the same file (fixed order, no sampling).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONTENT_MODEL_FILE } from './content-model.js';
import { extractClaimsDetailed } from './extract.js';
import { calibration, goldAttributions, heldOut, type Span } from './polnear-split.js';
import { type ContentSite, candidateFeatures, contentCandidates, keptEdges } from './rules/content-spans.js';
import { normalizeQuoteMarks, splitSentences } from './text.js';

const EPOCHS = 8;
const RATE = 0.1;
const L2 = 1e-5;
/** Features seen in fewer cues than this are left out of the model. */
const MIN_COUNT = 5;
/** Weights smaller than this are dropped from the file. */
const MIN_WEIGHT = 0.01;
/** A candidate is a right content when its characters overlap the gold content's by at least this share of their union. */
const MATCH_IOU = 0.75;


const overlap = (a0: number, a1: number, b0: number, b1: number): number => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
const iou = (a: Span, b: Span): number => overlap(a.start, a.end, b.start, b.end) / (Math.max(a.end, b.end) - Math.min(a.start, b.start));

const halfEach = (a: Span, b: Span): boolean => { const o = overlap(a.start, a.end, b.start, b.end); return o >= 0.5 * (a.end - a.start) && o >= 0.5 * (b.end - b.start); };

/** One cue's ranking: every candidate's features and which of them are right. */
interface Ranking { f: string[][]; right: boolean[] }

/** A conditional logit by AdaGrad: each ranking's right candidates made likelier than the rest. */
function fitRanker(rankings: Ranking[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const r of rankings) {
    const seen = new Set<string>();
    for (const f of r.f) for (const x of f) seen.add(x);
    for (const x of seen) counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  for (const r of rankings) r.f = r.f.map((f) => f.filter((x) => (counts.get(x) ?? 0) >= MIN_COUNT));
  const w = new Map<string, number>();
  const g2 = new Map<string, number>();
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    let loss = 0;
    let top = 0;
    for (const r of rankings) {
      const z = r.f.map((f) => f.reduce((acc, x) => acc + (w.get(x) ?? 0), 0));
      const max = Math.max(...z);
      const e = z.map((v) => Math.exp(v - max));
      const all = e.reduce((a, b) => a + b, 0);
      const right = e.reduce((a, v, i) => a + (r.right[i] ? v : 0), 0);
      loss += Math.log(all) - Math.log(right);
      if (r.right[z.indexOf(max)]) top++;
      const grad = new Map<string, number>();
      r.f.forEach((f, i) => {
        const g = e[i]! / all - (r.right[i] ? e[i]! / right : 0);
        if (g === 0) return;
        for (const x of f) grad.set(x, (grad.get(x) ?? 0) + g);
      });
      for (const [x, g] of grad) {
        const wx = w.get(x) ?? 0;
        const gx = g + L2 * wx;
        const acc = (g2.get(x) ?? 0) + gx * gx;
        g2.set(x, acc);
        w.set(x, wx - (RATE * gx) / Math.sqrt(acc + 1e-8));
      }
    }
    console.error(`epoch ${epoch + 1}: mean loss ${(loss / rankings.length).toFixed(4)}, right span first ${(top / rankings.length).toFixed(3)}`);
  }
  const weights: Record<string, number> = {};
  for (const [k, v] of [...w.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (Math.abs(v) >= MIN_WEIGHT) weights[k] = Math.round(v * 1000) / 1000;
  return weights;
}

function main(): void {
  const args = process.argv.slice(2);
  const arg = (name: string, dflt?: string): string => {
    const i = args.indexOf(name);
    const v = i >= 0 ? args[i + 1] : dflt;
    if (v === undefined) throw new Error(`usage: train-content-model.ts --train DIR [--leave-out-calibration] [--out FILE] (missing ${name})`);
    return v;
  };
  const train = arg('--train');
  const leaveOutCalibration = args.includes('--leave-out-calibration');
  const out = arg('--out', DEFAULT_CONTENT_MODEL_FILE.pathname);
  const anns = readdirSync(join(train, 'attributions')).sort();
  const rankings: Ranking[] = [];
  let articles = 0;
  let sites = 0;
  let ruleRight = 0;
  for (const txt of readdirSync(join(train, 'text')).filter((f) => f.endsWith('.txt')).sort()) {
    const name = txt.slice(0, -4);
    if (heldOut(name) || (leaveOutCalibration && calibration(name))) continue;
    const ann = anns.find((f) => f.startsWith(`${name}_`));
    if (!ann) continue;
    articles++;
    const gold = goldAttributions(readFileSync(join(train, 'attributions', ann), 'utf8'));
    const original = readFileSync(join(train, 'text', txt), 'utf8');
    const text = normalizeQuoteMarks(original);
    const { sentences } = splitSentences(text);
    // the rules' spans: the claims as found without a content model
    const claims = extractClaimsDetailed(original, { contentModel: null }).filter((c) => c.cue && c.cueStart != null);
    for (const c of claims) {
      const golds = gold.filter((g) => overlap(g.cue.start, g.cue.end, c.cueStart!, c.cueEnd!) > 0);
      if (!golds.length) continue;
      const s = sentences.find((x) => x.start <= c.cueStart! && c.cueStart! < x.end);
      if (!s) continue;
      const tokens = s.tokens;
      const within = (a: number, b: number): [number, number] | null => {
        const i = tokens.findIndex((t) => t.end > a);
        let j = i;
        while (j >= 0 && j < tokens.length && tokens[j]!.start < b) j++;
        return i >= 0 && j > i ? [i, j] : null;
      };
      const cue = within(c.cueStart!, c.cueEnd!);
      if (!cue) continue;
      const speaker = c.speakerStart != null && c.speakerStart >= s.start && c.speakerEnd! <= s.end ? within(c.speakerStart, c.speakerEnd!) : null;
      const mention = speaker && speaker[1] - speaker[0] === 1 && /^(who|which)$/.test(tokens[speaker[0]]!.lower) ? speaker[0] : null;
      const site: ContentSite = { tokens, text, cue, speaker, rule: [c.start, c.end], keep: keptEdges(tokens, c.cueClass, mention) };
      const cands = contentCandidates(site);
      if (cands.length <= 1) continue;
      let right = cands.map((x) => golds.some((g) => iou(x, g.content) >= MATCH_IOU));
      // none that close: the ones the scorer counts (each covers half of the other)
      if (!right.some(Boolean)) right = cands.map((x) => golds.some((g) => halfEach(x, g.content)));
      if (!right.some(Boolean)) continue;
      sites++;
      if (right[0]) ruleRight++;
      rankings.push({ f: candidateFeatures(site, cands), right });
    }
  }
  console.error(`${articles} articles, ${sites} cues with a right candidate (the rules' span right for ${ruleRight})`);
  const weights = fitRanker(rankings);
  writeFileSync(out, JSON.stringify({
    about: `Learned content model: weights of a linear ranker over the candidate content spans of a cue (rules/content-spans.ts), trained by train-content-model.ts on ${articles} PolNeAR train articles not held out from development.`,
    weights,
  }) + '\n');
  console.error(`${Object.keys(weights).length} weights -> ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
