// Story clustering measured on every stream set with one configuration (labels read for scoring only):
//   npx tsx test/dedupe/cluster-sets.ts [--config '{"joinThreshold":0.2}'] [--only busy,time,...] [--json]
//   npx tsx test/dedupe/cluster-sets.ts --config '{"model":{}}'    the learned decision (story-model.ts) instead of the rule
// Sets (streams.ts): giveme5w1h in time order, reversed, three shuffles, on one day (dates replaced
// by one day, 30 s apart, shuffled) and undated (shuffled); busy-day. For each: B-cubed P / R / F1,
// the number of stories, the largest story and the largest gold event.
import { DEFAULT_STORY_CONFIG, STORY_MODEL, type StoryConfig } from '../../packages/dedupe/src/index.js';
import { sharedCorpusMissing } from './corpora.js';
import { loadSet, scoreSet, SET_NAMES, type SetScore } from './streams.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const missing = sharedCorpusMissing();
if (missing) throw new Error(`cluster-sets: ${missing}`);
const given = JSON.parse(opt('--config') ?? '{}') as Partial<StoryConfig>;
// "model": {} is the learned decision as shipped (STORY_MODEL), {"joinProbability":0.5} changes its fields; null is the hand rule.
const model = given.model === undefined ? DEFAULT_STORY_CONFIG.model : given.model === null ? null : { ...STORY_MODEL, ...given.model };
const cfg: StoryConfig = { ...DEFAULT_STORY_CONFIG, ...given, model };
const only = opt('--only')?.split(',');
const fmt = (x: number) => x.toFixed(3);
const results: Record<string, SetScore & { seconds: number }> = {};
for (const name of SET_NAMES) {
  if (only && !only.includes(name)) continue;
  const t0 = performance.now();
  const s = await scoreSet(loadSet(name), cfg);
  const seconds = (performance.now() - t0) / 1000;
  results[name] = { ...s, seconds };
  console.log(`${name.padEnd(9)} P=${fmt(s.p)} R=${fmt(s.r)} F1=${fmt(s.f1)} stories=${s.stories} largest=${s.largest} (gold ${s.largestGold}) ${seconds.toFixed(1)}s`);
}
if (args.includes('--json')) console.log(JSON.stringify(results));
