import type { FigureView } from '@newsline/db';
import { esc, exportLinks, filterForm, page } from './html.js';
import { withoutPaging } from './reading-pages.js';

/** The interval a stated figure allows: "at least 240" is [240, ∞), "about 136" roughly ±10%. */
export function interval(f: Pick<FigureView, 'value' | 'low' | 'high' | 'qualifier'>): [number, number] | null {
  const v = f.value;
  if (f.qualifier === 'range' || (v === null && f.low !== null)) return f.low !== null && f.high !== null ? [f.low, f.high] : null;
  if (v === null) return null;
  switch (f.qualifier) {
    case 'approx':
      return [v * 0.9, v * 1.1];
    case 'at_least':
      return [v, Infinity];
    case 'more_than':
      return [v + 1e-9, Infinity];
    case 'at_most':
    case 'up_to':
      return [0, v];
    case 'less_than':
      return [0, v - 1e-9];
    case null:
    default:
      return [v, v];
  }
}

/** The day a figure is about: when it was stated (its event's day), else its article's day. */
const dayOf = (f: FigureView): string | null => f.occurredOn ?? (f.publishedAt ? f.publishedAt.toISOString().slice(0, 10) : null);
/** One series per speaker, or per outlet when the article states the figure itself. */
export const seriesOf = (f: FigureView): string => f.actor ?? `${f.publisher ?? 'unknown outlet'} (the article)`;

/**
 * For each figure (by index), the figures of the same subject on the same day that it cannot
 * agree with: their intervals do not overlap.
 */
export function disagreements(figures: FigureView[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const groups = new Map<string, number[]>();
  figures.forEach((f, i) => {
    const d = dayOf(f);
    if (d) groups.set(`${d}|${f.subject ?? ''}`, [...(groups.get(`${d}|${f.subject ?? ''}`) ?? []), i]);
  });
  for (const idx of groups.values()) {
    for (const i of idx) {
      for (const j of idx) {
        if (i >= j) continue;
        const a = interval(figures[i]!);
        const b = interval(figures[j]!);
        if (!a || !b || (a[0] <= b[1] && b[0] <= a[1])) continue;
        out.set(i, [...(out.get(i) ?? []), j]);
        out.set(j, [...(out.get(j) ?? []), i]);
      }
    }
  }
  return out;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#393b79', '#637939'];

function niceMax(v: number): number {
  if (v <= 0) return 10;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= v) return m * mag;
  return 10 * mag;
}

const DAY_MS = 86_400_000;
const f1 = (n: number) => n.toFixed(1);

/**
 * The chart, drawn on the server as SVG: time across, the stated number up; one colour per
 * series; a range as a bar, "at least"/"more than" as a point with an arrow up, "at most"/"up
 * to" with an arrow down, "about" as a hollow dashed point; each mark links to its sentence;
 * figures that cannot agree on the same day get a red ring and the day a red band.
 */
export function figuresChart(figures: FigureView[], colours: Map<string, string>, against: Map<number, number[]>): string {
  const W = 960;
  const H = 460;
  const m = { l: 64, r: 40, t: 30, b: 52 };
  const dated = figures.map((f, i) => ({ f, i, d: dayOf(f) })).filter((x): x is { f: FigureView; i: number; d: string } => x.d !== null);
  if (dated.length === 0) return '';
  // Days across, in order and evenly spaced (the figures of a story bunch on a few days; a time
  // scale would pile them up), the gaps between them written under the axis.
  const days = [...new Set(dated.map((x) => x.d))].sort();
  const slot = (W - m.l - m.r) / days.length;
  const dayX = (d: string) => m.l + slot * (days.indexOf(d) + 0.5);
  const top = Math.max(...dated.map(({ f }) => Math.max(f.value ?? 0, f.high ?? 0, f.low ?? 0)));
  const yMax = niceMax(top * 1.15);
  const y = (v: number) => H - m.b - (v / yMax) * (H - m.t - m.b);

  const parts: string[] = [];
  // Axes and grid.
  for (let k = 0; k <= 5; k++) {
    const v = (yMax / 5) * k;
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${f1(y(v))}" y2="${f1(y(v))}" stroke="#e3e6ea"/>`);
    parts.push(`<text x="${m.l - 8}" y="${f1(y(v) + 4)}" text-anchor="end" font-size="12" fill="#555">${v.toLocaleString('en-US')}</text>`);
  }
  days.forEach((d, k) => {
    const cx = dayX(d);
    parts.push(`<line x1="${f1(cx)}" x2="${f1(cx)}" y1="${H - m.b}" y2="${H - m.b + 5}" stroke="#888"/>`);
    parts.push(`<text x="${f1(cx)}" y="${H - m.b + 20}" text-anchor="middle" font-size="12" fill="#555">${d}</text>`);
    if (k > 0) {
      const gap = Math.round((Date.parse(`${d}T00:00:00Z`) - Date.parse(`${days[k - 1]}T00:00:00Z`)) / DAY_MS);
      parts.push(`<text x="${f1(cx - slot / 2)}" y="${H - m.b + 36}" text-anchor="middle" font-size="11" fill="#8a929b">+${gap} d</text>`);
    }
  });
  parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#888"/>`);
  parts.push(`<text x="14" y="${m.t - 12}" font-size="12" fill="#555">number stated</text>`);

  // Marks on the same day are spread sideways so that none hides another.
  const byDay = new Map<string, number[]>();
  dated.forEach((x2, k) => byDay.set(x2.d, [...(byDay.get(x2.d) ?? []), k]));
  const offset = new Map<number, number>();
  const step = new Map<string, number>();
  for (const [d, ks] of byDay) {
    const st = Math.min(40, (slot * 0.8) / Math.max(1, ks.length - 1));
    step.set(d, st);
    ks.forEach((k, n) => offset.set(k, (n - (ks.length - 1) / 2) * st));
  }

  // Days with a disagreement: a band behind the marks.
  const badDays = new Set(dated.filter(({ i }) => against.has(i)).map(({ d }) => d));
  for (const d of badDays) {
    const cx = dayX(d);
    const half = Math.min(slot / 2, ((byDay.get(d)?.length ?? 1) * (step.get(d) ?? 14)) / 2 + 12);
    parts.push(`<rect x="${f1(cx - half)}" y="${m.t}" width="${f1(2 * half)}" height="${H - m.t - m.b}" fill="#b00020" fill-opacity="0.07"/>`);
    parts.push(`<text x="${f1(cx)}" y="${m.t - 4}" text-anchor="middle" font-size="12" fill="#b00020">disagree</text>`);
  }

  dated.forEach(({ f, i, d }, k) => {
    const cx = dayX(d) + (offset.get(k) ?? 0);
    const colour = colours.get(seriesOf(f)) ?? '#333';
    const q = f.qualifier ?? 'exact';
    const g: string[] = [];
    let labelY: number;
    if (q === 'range' || (f.value === null && f.low !== null)) {
      const y1 = y(f.low ?? 0);
      const y2 = y(f.high ?? f.low ?? 0);
      g.push(`<line x1="${f1(cx)}" x2="${f1(cx)}" y1="${f1(y1)}" y2="${f1(y2)}" stroke="${colour}" stroke-width="4"/>`);
      g.push(`<line x1="${f1(cx - 6)}" x2="${f1(cx + 6)}" y1="${f1(y1)}" y2="${f1(y1)}" stroke="${colour}" stroke-width="2"/>`);
      g.push(`<line x1="${f1(cx - 6)}" x2="${f1(cx + 6)}" y1="${f1(y2)}" y2="${f1(y2)}" stroke="${colour}" stroke-width="2"/>`);
      labelY = (y1 + y2) / 2;
    } else {
      const cy = y(f.value ?? 0);
      labelY = cy;
      if (q === 'approx') {
        g.push(`<circle cx="${f1(cx)}" cy="${f1(cy)}" r="6" fill="#fff" stroke="${colour}" stroke-width="2" stroke-dasharray="3 2"/>`);
      } else {
        g.push(`<circle cx="${f1(cx)}" cy="${f1(cy)}" r="5" fill="${colour}"/>`);
      }
      const up = q === 'at_least' || q === 'more_than';
      const down = q === 'at_most' || q === 'less_than' || q === 'up_to';
      if (up || down) {
        const dir = up ? -1 : 1;
        const tip = cy + dir * 30;
        g.push(`<line x1="${f1(cx)}" x2="${f1(cx)}" y1="${f1(cy)}" y2="${f1(tip)}" stroke="${colour}" stroke-width="2"/>`);
        g.push(`<polygon points="${f1(cx - 5)},${f1(tip - dir * 7)} ${f1(cx + 5)},${f1(tip - dir * 7)} ${f1(cx)},${f1(tip)}" fill="${colour}"/>`);
      }
    }
    if (against.has(i)) {
      g.push(`<circle cx="${f1(cx)}" cy="${f1(labelY)}" r="10" fill="none" stroke="#b00020" stroke-width="2"/>`);
    }
    // Neighbours on the same day put their labels alternately above and below.
    const below = (byDay.get(d)?.indexOf(k) ?? 0) % 2 === 1;
    g.push(`<text x="${f1(cx + 9)}" y="${f1(below ? labelY + 17 : labelY - 7)}" font-size="11" fill="#222">${esc(f.figure)}</text>`);
    const label = `${seriesOf(f)}: ${f.figure} ${f.subject ?? ''} (${d})${against.has(i) ? ', disagrees with another figure that day' : ''}`;
    parts.push(
      `<a href="/articles/${f.articleId}?claim=${f.claimId}#claim-${f.claimId}" aria-label="${esc(label)}" class="mark" data-series="${esc(seriesOf(f))}" data-figure="${esc(f.figure)}"><title>${esc(`${label} — ${f.publisher ?? ''}: “${f.wording ?? f.claimText}”`)}</title>${g.join('')}</a>`,
    );
  });
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Figures over time" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">${parts.join('\n')}</svg>`;
}

const swatch = (colour: string) => `<svg class="sw" width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="6" fill="${colour}"/></svg>`;

/** `/figures?about=…`: the chart, its legend and every figure in a table; without a subject, the subjects. */
export function figuresPage(about: string | undefined, figures: FigureView[], values: Record<string, string | undefined>, subjects: { subject: string; figures: number }[]): string {
  const form = filterForm('/figures', ['about', 'speaker', 'outlet', 'from', 'to'], values, ['story']);
  const index = subjects.length
    ? `<p>Subjects: ${subjects.map((s) => `<a href="/figures?about=${encodeURIComponent(s.subject)}">${esc(s.subject)}</a> (${s.figures})`).join(' · ')}</p>`
    : '<p>No figures stored yet.</p>';
  if (!about) return page('Figures', `<h1>Figures</h1>${form}<p>Choose what is counted to chart every figure stated about it.</p>${index}`, '/figures');
  const colours = new Map<string, string>();
  for (const f of figures) if (!colours.has(seriesOf(f))) colours.set(seriesOf(f), PALETTE[colours.size % PALETTE.length]!);
  const against = disagreements(figures);
  const legend = [...colours].map(([s, c]) => `<span>${swatch(c)}${esc(s)}</span>`).join('');
  const rows = figures
    .map((f, i) => {
      const others = (against.get(i) ?? []).map((j) => `${seriesOf(figures[j]!)}: ${figures[j]!.figure}`);
      return `<tr${others.length ? ' class="disagrees"' : ''}><td>${esc(dayOf(f) ?? '—')}</td><td>${swatch(colours.get(seriesOf(f))!)} ${esc(seriesOf(f))}</td>
  <td><a href="/articles/${f.articleId}?claim=${f.claimId}#claim-${f.claimId}"><strong>${esc(f.figure)}</strong></a></td><td>${esc(f.subject ?? '')}</td>
  <td><a href="/articles/${f.articleId}">${esc(f.publisher ?? f.articleTitle)}</a></td><td>“${esc(f.wording ?? f.claimText)}”</td>
  <td>${others.length ? `<span class="disagree">disagrees with ${esc(others.join('; '))}</span>` : ''}</td></tr>`;
    })
    .join('\n');
  const disagreeing = against.size;
  return page(
    `Figures: ${about}`,
    `<h1>Figures about “${esc(about)}”</h1>
${form}
${figures.length === 0 ? `<p>No figures about “${esc(about)}”.</p>${index}` : `<p>${figures.length} figure${figures.length === 1 ? '' : 's'} stated by ${colours.size} source${colours.size === 1 ? '' : 's'}${disagreeing ? `; <span class="disagree">${disagreeing} disagree with another figure of the same day</span>` : ''}.</p>
<div class="legend">${legend}</div>
<p class="muted">● stated · ◌ about · ↑ at least / more than · ↓ at most / up to · ┃ a range · red ring: cannot agree with another figure of the same day. Each mark links to its sentence.</p>
<div class="chart">${figuresChart(figures, colours, against)}</div>
<h2>Every figure</h2>
<div class="scroll"><table class="rows"><thead><tr><th>date</th><th>according to</th><th>figure</th><th>counted</th><th>source</th><th>wording</th><th></th></tr></thead><tbody>
${rows}
</tbody></table></div>`}
${exportLinks('figures', withoutPaging({ ...values, subject: values.about, about: undefined }))}`,
    '/figures',
  );
}
