// Trains the learned cue model (cue-model.ts) on the PolNeAR train articles that are NOT held out from
// development (polnear-split.ts's fixed hash); dev and the held-out articles are never read here.
// usage: npx tsx packages/claims/src/train-cue-model.ts --train ../shared/corpora/attribution/polnear/train [--threshold Z] [--novel-threshold Z] [--end-threshold Z]
//          [--leave-out-calibration] [--out packages/claims/data/cue-model.json]
// --leave-out-calibration trains without a fifth of the developed-on articles (calibration below), to choose the thresholds on them.
// Deterministic: the same corpus gives the same file (fixed order, no sampling).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cueFeatures, DEFAULT_CUE_MODEL_FILE, endFeatures } from './cue-model.js';
import { calibration, goldAttributions, heldOut } from './polnear-split.js';
import { normalizeQuoteMarks, splitSentences } from './text.js';

/** Quotations longer than this hide cue words inside them (as in the rules). */
const LONG_QUOTE = 30;
const EPOCHS = 3;
const RATE = 0.2;
const L2 = 1e-6;
/** Features seen fewer times than this are left out of the model. */
const MIN_COUNT = 10;
/** Weights smaller than this are dropped from the file. */
const MIN_WEIGHT = 0.02;
/** A cue word is sourceless when at least this share of its attributions (of at least SOURCELESS_MIN) have no source. */
const SOURCELESS_SHARE = 0.6;
const SOURCELESS_MIN = 5;


/** A logistic regression by AdaGrad over the examples in their fixed order; features seen fewer than MIN_COUNT times left out. */
function fitLogistic(examples: Array<{ f: string[]; y: number }>, what: string): { bias: number; weights: Record<string, number> } {
  const counts = new Map<string, number>();
  for (const e of examples) for (const x of e.f) counts.set(x, (counts.get(x) ?? 0) + 1);
  for (const e of examples) e.f = e.f.filter((x) => (counts.get(x) ?? 0) >= MIN_COUNT);
  const w = new Map<string, number>();
  const g2 = new Map<string, number>();
  let bias = 0;
  let bg2 = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    let loss = 0;
    for (const e of examples) {
      let z = bias;
      for (const x of e.f) z += w.get(x) ?? 0;
      const p = 1 / (1 + Math.exp(-z));
      loss += -(e.y ? Math.log(p + 1e-12) : Math.log(1 - p + 1e-12));
      const grad = p - e.y;
      for (const x of e.f) {
        const wx = w.get(x) ?? 0;
        const gx = grad + L2 * wx;
        const acc = (g2.get(x) ?? 0) + gx * gx;
        g2.set(x, acc);
        w.set(x, wx - (RATE * gx) / Math.sqrt(acc + 1e-8));
      }
      bg2 += grad * grad;
      bias -= (RATE * grad) / Math.sqrt(bg2 + 1e-8);
    }
    console.error(`${what} epoch ${epoch + 1}: mean loss ${(loss / examples.length).toFixed(4)}`);
  }
  const weights: Record<string, number> = {};
  for (const [k, v] of [...w.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (Math.abs(v) >= MIN_WEIGHT) weights[k] = Math.round(v * 1000) / 1000;
  return { bias: Math.round(bias * 1000) / 1000, weights };
}

function main(): void {
  const args = process.argv.slice(2);
  const arg = (name: string, dflt?: string): string => {
    const i = args.indexOf(name);
    const v = i >= 0 ? args[i + 1] : dflt;
    if (v === undefined) throw new Error(`usage: train-cue-model.ts --train DIR [--threshold Z] [--out FILE] (missing ${name})`);
    return v;
  };
  const train = arg('--train');
  const threshold = Number(arg('--threshold', '0'));
  const novelThreshold = Number(arg('--novel-threshold', String(threshold)));
  const endThreshold = Number(arg('--end-threshold', '0'));
  const leaveOutCalibration = args.includes('--leave-out-calibration');
  const out = arg('--out', DEFAULT_CUE_MODEL_FILE.pathname);
  const anns = readdirSync(join(train, 'attributions')).sort();
  const examples: Array<{ f: string[]; y: number }> = [];
  const endExamples: Array<{ f: string[]; y: number }> = [];
  const sourceCounts = new Map<string, { all: number; none: number }>();
  let articles = 0;
  for (const txt of readdirSync(join(train, 'text')).filter((f) => f.endsWith('.txt')).sort()) {
    const name = txt.slice(0, -4);
    if (heldOut(name) || (leaveOutCalibration && calibration(name))) continue;
    const ann = anns.find((f) => f.startsWith(`${name}_`));
    if (!ann) continue;
    articles++;
    const gold = goldAttributions(readFileSync(join(train, 'attributions', ann), 'utf8'));
    for (const g of gold) {
      const words = g.cue.text.toLowerCase().replace(/’/g, "'").match(/[\p{L}']+/gu) ?? [];
      const last = words[words.length - 1];
      if (!last) continue;
      const c = sourceCounts.get(last) ?? { all: 0, none: 0 };
      c.all++;
      if (!g.source) c.none++;
      sourceCounts.set(last, c);
    }
    const text = normalizeQuoteMarks(readFileSync(join(train, 'text', txt), 'utf8'));
    const { sentences, quotes } = splitSentences(text);
    const long = quotes.filter((q) => q.end - q.start > LONG_QUOTE);
    for (const s of sentences) {
      s.tokens.forEach((t, i) => {
        if (t.kind !== 'word') return;
        const inQuote = long.some((q) => t.start > q.start && t.end < q.end);
        const f = cueFeatures(s.tokens, i, inQuote);
        const y = gold.some((g) => t.start < g.cue.end && t.end > g.cue.start) ? 1 : 0;
        examples.push({ f, y });
      });
      // content ends: for a content that starts after its cue in this sentence, "does it end before word m?" for
      // each word m from its start to its end (the last one yes), or to the sentence end (all no)
      for (const g of gold) {
        if (g.content.start < g.cue.end || g.content.start < s.start || g.content.start >= s.end) continue;
        const k = s.tokens.findIndex((t) => t.start >= g.content.start);
        if (k < 0) continue;
        for (let m = k + 1; m < s.tokens.length; m++) {
          const t = s.tokens[m]!;
          const ends = g.content.end <= t.start;
          endExamples.push({ f: endFeatures(s.tokens, k, m, long.some((q) => t.start > q.start && t.end < q.end)), y: ends ? 1 : 0 });
          if (ends) break;
        }
      }
    }
  }
  const cue = fitLogistic(examples, 'cue');
  const end = fitLogistic(endExamples, 'end');
  const sourceless = [...sourceCounts.entries()].filter(([, c]) => c.all >= SOURCELESS_MIN && c.none / c.all >= SOURCELESS_SHARE).map(([k]) => k).sort();
  writeFileSync(out, JSON.stringify({
    about: `Learned cue model: logistic-regression weights over word features (cue-model.ts), trained by train-cue-model.ts on ${articles} PolNeAR train articles not held out from development; threshold is the logit above which a word is part of a cue; novelThreshold the score a run of cue words needs when none is a verb the cue lists know.`,
    threshold, novelThreshold, bias: cue.bias, sourceless, weights: cue.weights,
    end: { threshold: endThreshold, bias: end.bias, weights: end.weights },
  }) + '\n');
  console.error(`${examples.length} words of ${articles} articles, ${endExamples.length} content-end candidates; ${Object.keys(cue.weights).length} + ${Object.keys(end.weights).length} weights; ${sourceless.length} sourceless cue words -> ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
