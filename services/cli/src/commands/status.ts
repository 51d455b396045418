import { ArticlesRepository, pipelineTotals } from '@newsline/db';
import { findStuck, type Runtime } from '@newsline/worker';

export async function statusCommand(rt: Runtime, failures: number): Promise<string> {
  const lines: string[] = [];
  const counts = await rt.queues.counts();
  const cols = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
  lines.push(`Queues (prefix "${rt.config.queuePrefix}")`);
  lines.push(['queue'.padEnd(10), ...cols.map((c) => c.padStart(10))].join(''));
  for (const q of counts) lines.push([q.name.padEnd(10), ...cols.map((c) => String(q.counts[c] ?? 0).padStart(10))].join(''));
  const t = await pipelineTotals(rt.db);
  lines.push('');
  const unread = await new ArticlesRepository(rt.db).notAnalysed();
  const byNote = new Map<string, number>();
  for (const a of unread) byNote.set(a.note, (byNote.get(a.note) ?? 0) + 1);
  lines.push(`Stored: ${t.articles} articles (${t.duplicates} duplicates, ${t.notArticles} not articles, ${t.failed} failed), ${t.stories} stories, ${t.claims} claims, ${t.events} events (${t.mentions} mentions)`);
  if (unread.length) lines.push(`Claims not analysed: ${[...byNote].map(([note, n]) => `${n} article(s) ${note.replace(/^not analysed /, '')}`).join(', ')}`);
  const failedBy = await new ArticlesRepository(rt.db).failedByStage();
  if (failedBy.length) {
    lines.push(`Failed articles by stage: ${failedBy.map((f) => `${f.stage ?? 'unknown'}=${f.count}`).join(' ')}  (\`newsline retry --all\` runs them again)`);
  }
  const stuckAfterS = Math.round(rt.config.sweep.stuckAfterMs / 1000);
  const stuck = await findStuck(rt, rt.config.sweep.stuckAfterMs);
  if (stuck.length === 0) lines.push(`Stuck articles: none (unfinished for over ${stuckAfterS} s with no job)`);
  else {
    const by: Record<string, number> = {};
    for (const s of stuck) by[s.status] = (by[s.status] ?? 0) + 1;
    lines.push(
      `Stuck articles (unfinished for over ${stuckAfterS} s with no job): ${stuck.length}, ${Object.entries(by).map(([k, v]) => `${k}=${v}`).join(' ')}; a running worker's sweeper re-enqueues them`,
    );
  }
  const latest = await rt.queues.latestFailures(failures);
  lines.push('');
  if (latest.length === 0) lines.push('No failed jobs.');
  else {
    lines.push(`Latest failures (${latest.length}):`);
    for (const f of latest) {
      const when = f.finishedOn ? new Date(f.finishedOn).toISOString() : '?';
      lines.push(`  ${when}  ${f.queue}/${f.id}  after ${f.attemptsMade} attempt(s): ${f.reason}`);
    }
  }
  return lines.join('\n');
}
