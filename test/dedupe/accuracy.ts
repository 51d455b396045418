// Near-duplicate accuracy on real articles: syndicated copies (must be found) and distinct
// articles on the same event (must not be). `npx tsx test/dedupe/accuracy.ts` prints the figures;
// accuracy.test.ts asserts them.
import { pathToFileURL } from 'node:url';
import {
  BANDS,
  MemoryDedupeIndex,
  ROWS,
  bandKeys,
  fingerprint,
  hamming64,
  minhash,
  normalizeText,
  shingleHashes,
  simhash64,
} from '../../packages/dedupe/src/index.js';
import { loadExtractionTexts, loadGiveme, loadSeeds, type CorpusArticle } from './corpora.js';
import { COPY_KINDS, syndicate, type CopyKind } from './syndicate.js';

export interface AccuracyReport {
  originals: number;
  copies: number;
  negativePairs: number;
  truePositives: number;
  missed: number;
  wrongOriginal: number;
  falsePositivePairs: number;
  precision: number;
  recall: number;
  byKind: Record<string, { copies: number; found: number }>;
  /** Candidate generation alone, on the (copy, source) pairs and on the negative pairs. */
  candidates: {
    minhashBandHitCopies: number;
    minhashBandHitNegatives: number;
    simhashWithin3Copies: number;
    simhashWithin6Copies: number;
    simhashWithin3Negatives: number;
  };
}

function titleWords(t: string): Set<string> {
  return new Set(normalizeText(t).split(' ').filter((w) => w.length > 2));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return a.size + b.size - n ? n / (a.size + b.size - n) : 1;
}

/** Pairs of distinct articles on one event: giveme same-event pairs with clearly different headlines, and the seeds. */
export function negativePairs(giveme: CorpusArticle[], seeds: CorpusArticle[]): [CorpusArticle, CorpusArticle][] {
  const out: [CorpusArticle, CorpusArticle][] = [];
  const byEvent = new Map<string, CorpusArticle[]>();
  for (const a of giveme) byEvent.set(a.event ?? '', [...(byEvent.get(a.event ?? '') ?? []), a]);
  for (const list of byEvent.values())
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const [x, y] = [list[i]!, list[j]!];
        // Same headline (or nearly): possibly the same wire copy, so not a sure negative.
        if (jaccard(titleWords(x.title), titleWords(y.title)) < 0.5) out.push([x, y]);
      }
  for (let i = 0; i < seeds.length; i++) for (let j = i + 1; j < seeds.length; j++) out.push([seeds[i]!, seeds[j]!]);
  return out;
}

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

export function measureAccuracy(opts: { copiesPerOriginal?: number } = {}): AccuracyReport {
  const giveme = loadGiveme();
  const seeds = loadSeeds();
  const wcxb = loadExtractionTexts(150, 200);
  const originals = [...giveme, ...wcxb, ...seeds];
  const index = new MemoryDedupeIndex<string>();
  // family: an original and the earlier original it was found to copy (giveme holds real wire copies).
  const family = new Map<string, string>();
  for (const o of originals) {
    const r = index.check(o.id, o.text);
    family.set(o.id, r.duplicateOf ?? o.id);
  }
  const sources = originals.filter((o) => words(o.text) >= 80);
  const per = opts.copiesPerOriginal ?? 2;
  const byKind: AccuracyReport['byKind'] = {};
  let tp = 0;
  let missed = 0;
  let wrong = 0;
  let copies = 0;
  let bandHit = 0;
  let sim3 = 0;
  let sim6 = 0;
  sources.forEach((src, i) => {
    for (let k = 0; k < per; k++) {
      const kind: CopyKind = COPY_KINDS[(i + k * 3) % COPY_KINDS.length] as CopyKind;
      const copy = syndicate(src, i * 31 + k, kind, giveme);
      copies++;
      const stat = (byKind[kind] ??= { copies: 0, found: 0 });
      stat.copies++;
      const r = index.check(copy.id, copy.text);
      if (r.duplicateOf === null) missed++;
      else if (family.get(r.duplicateOf) === family.get(src.id)) {
        tp++;
        stat.found++;
      } else wrong++;
      // Candidate generation, MinHash banding versus SimHash radius.
      const a = shingleHashes(copy.text);
      const b = shingleHashes(src.text);
      const ka = new Set(bandKeys(minhash(a)));
      if (bandKeys(minhash(b)).some((x) => ka.has(x))) bandHit++;
      const d = hamming64(simhash64(a), simhash64(b));
      if (d <= 3) sim3++;
      if (d <= 6) sim6++;
    }
  });
  const negatives = negativePairs(giveme, seeds);
  let fp = 0;
  let negBand = 0;
  let negSim3 = 0;
  for (const [x, y] of negatives) {
    const pair = new MemoryDedupeIndex<string>();
    pair.check(x.id, x.text);
    if (pair.check(y.id, y.text).duplicateOf !== null) fp++;
    const fx = fingerprint(x.text);
    const fy = fingerprint(y.text);
    const kx = new Set(fx.bandKeys);
    if (fy.bandKeys.some((k) => kx.has(k))) negBand++;
    if (hamming64(simhash64(fx.shingles), simhash64(fy.shingles)) <= 3) negSim3++;
  }
  const round = (x: number) => Math.round(x * 10000) / 10000;
  return {
    originals: originals.length,
    copies,
    negativePairs: negatives.length,
    truePositives: tp,
    missed,
    wrongOriginal: wrong,
    falsePositivePairs: fp,
    precision: round(tp / Math.max(1, tp + wrong + fp)),
    recall: round(tp / Math.max(1, copies)),
    byKind,
    candidates: {
      minhashBandHitCopies: round(bandHit / copies),
      minhashBandHitNegatives: round(negBand / Math.max(1, negatives.length)),
      simhashWithin3Copies: round(sim3 / copies),
      simhashWithin6Copies: round(sim6 / copies),
      simhashWithin3Negatives: round(negSim3 / Math.max(1, negatives.length)),
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = measureAccuracy();
  console.log(`originals ${r.originals}, syndicated copies ${r.copies}, distinct same-event pairs ${r.negativePairs}`);
  console.log(`precision ${r.precision}  recall ${r.recall}  (found ${r.truePositives}, missed ${r.missed}, wrong original ${r.wrongOriginal}, false pairs ${r.falsePositivePairs})`);
  console.log('kind              copies  found');
  for (const [k, v] of Object.entries(r.byKind)) console.log(`${k.padEnd(17)} ${String(v.copies).padStart(6)} ${String(v.found).padStart(6)}`);
  console.log('candidate generation on (copy, source) pairs / on distinct pairs:');
  console.log(`  MinHash LSH (${BANDS} bands x ${ROWS} rows) shares a band: ${r.candidates.minhashBandHitCopies} / ${r.candidates.minhashBandHitNegatives}`);
  console.log(`  SimHash-64 Hamming <= 3: ${r.candidates.simhashWithin3Copies} / ${r.candidates.simhashWithin3Negatives}; <= 6: ${r.candidates.simhashWithin6Copies}`);
  console.log(JSON.stringify(r));
}
