import { describe, expect, it } from 'vitest';
import { clusterStream, parseStreamLine, type StreamResult } from './stream.js';

const text =
  'Negotiators met in Doha on Thursday to discuss a ceasefire and the release of hostages held in Gaza, officials said. ' +
  'The talks, mediated by Qatar and Egypt, are expected to continue through the weekend, according to two people briefed on them. ' +
  'Israeli and Hamas delegations did not meet directly but exchanged proposals through the mediators.';

async function run(lines: string[]): Promise<StreamResult[]> {
  const out: StreamResult[] = [];
  for await (const r of clusterStream(lines)) out.push(r);
  return out;
}

describe('clusterStream', () => {
  it('prints one line per article: duplicates point at the original and share its story', async () => {
    const lines = [
      JSON.stringify({ id: 'a', title: 'Talks in Doha', text, publishedAt: '2023-11-02T10:00:00Z' }),
      JSON.stringify({ id: 'b', title: 'TALKS IN DOHA', text: 'Advertisement\n' + text.toUpperCase() + '\nAll rights reserved.', publishedAt: '2023-11-02T12:00:00Z' }),
      JSON.stringify({ id: 'c', title: 'Talks in Doha', text, publishedAt: '2023-11-02T13:00:00Z' }),
      JSON.stringify({ id: 'd', title: 'Bitcoin falls', text: 'Bitcoin fell below 40,000 dollars on crypto exchanges after regulators in Seoul announced new rules for trading platforms.', publishedAt: '2023-11-02T14:00:00Z' }),
    ];
    const out = await run(lines);
    expect(out.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(out[0]!.duplicateOf).toBeNull();
    expect(out[1]!.duplicateOf).toBe('a');
    expect(out[2]!.duplicateOf).toBe('a');
    expect(out[1]!.storyId).toBe(out[0]!.storyId);
    expect(out[3]!.storyId).not.toBe(out[0]!.storyId);
  });

  it('skips bad lines and reports them; survives missing fields', async () => {
    const bad: number[] = [];
    const out: StreamResult[] = [];
    for await (const r of clusterStream(['{not json', '', '[1]', '{"title":"no id"}', '{"id": 7}'], { onBadLine: (n) => bad.push(n) })) out.push(r);
    expect(bad).toEqual([1, 3, 4]);
    expect(out).toEqual([{ id: '7', storyId: 1, duplicateOf: null }]);
    expect(() => parseStreamLine('{"title":"x"}')).toThrow(/no "id"/);
  });

  it('reads an async iterable and can stream', async () => {
    async function* gen() {
      yield JSON.stringify({ id: 'x', title: 't', text, publishedAt: null });
    }
    const out: StreamResult[] = [];
    for await (const r of clusterStream(gen(), { streaming: true })) out.push(r);
    expect(out).toHaveLength(1);
  });
});
