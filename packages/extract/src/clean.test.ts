import { describe, expect, it } from 'vitest';
import { cleanBlocks, protectContentTags, pruneBlocks } from './clean.js';
import { chooseCandidate, containerBlocks, overlap } from './container.js';
import { parseDom } from './dom.js';
import { densestBlocks } from './fallback.js';
import { extractArticle } from './extract.js';
import { fixMojibake, type Block } from './text.js';

const P1 = 'The city council voted on Tuesday to approve a new budget that raises spending on public transport by a fifth, the largest increase in a decade.';
const P2 = 'Supporters said the money would pay for more frequent buses on the busiest routes and for repairs to the tram network, which has suffered repeated breakdowns.';
const P3 = 'Opponents warned that the plan relied on optimistic forecasts of fare revenue and could leave a gap in the accounts if ridership does not recover as expected.';
const P4 = 'The mayor is expected to sign the budget next week, after which the transport authority will publish a detailed timetable for the new services.';
const P5 = 'Work on the first of the new tram depots is due to begin in the spring, and the council hopes to have the extra vehicles running before the end of next year.';
const P6 = 'Residents of the outer districts, who have long complained about the infrequent night services, will be consulted on the new routes in a series of public meetings.';

const P7 = 'The transport authority said that ticket prices would stay the same for at least two years, and that season tickets for students would be cut by a tenth.';
const P8 = 'Bus drivers, who staged two strikes last year over rosters, welcomed the plan but said more staff would be needed to run the extra services without overtime.';

const blk = (text: string, o: Partial<Block> = {}): Block => ({ text, tag: 'p', context: '', linkDensity: 0, ...o });
const texts = (bs: readonly Block[]): string[] => bs.map((b) => b.text);

describe('clean-up rules', () => {
  it('keeps a heading whose class merely contains "extra" or "header"', () => {
    const html = `<html><head><title>Budget</title></head><body><main><article>
<p>${P1}</p><p>${P2}</p><h2 class="font-bold leading-extra-tight">What the plan pays for</h2><p>${P3}</p>
<h2 class="section-header">What happens next</h2><p>${P4}</p></article></main></body></html>`;
    const a = extractArticle(html);
    expect(a.text).toContain('What the plan pays for');
    expect(a.text).toContain('What happens next');
  });

  it('moves aside only the class names of headings that do not name boilerplate', () => {
    const { document } = parseDom('<html><body><h2 class="leading-extra-tight">A</h2><h2 class="related-header">B</h2><p id="x">C</p></body></html>');
    protectContentTags(document);
    const [a, b] = Array.from(document.querySelectorAll('h2'));
    expect(a!.getAttribute('class') ?? '').toBe('');
    expect(a!.getAttribute('data-class')).toBe('leading-extra-tight');
    expect(b!.getAttribute('class')).toBe('related-header');
  });

  it('drops the headline repeated near the top, once', () => {
    const title = 'Council approves transport budget';
    const out = cleanBlocks([blk('Politics'), blk(title), blk(P1), blk(P2)], { title });
    expect(texts(out)).toEqual(['Politics', P1, P2]);
  });

  it('drops advertisement labels, affiliate disclosures and placeholder text', () => {
    const out = cleanBlocks(
      [
        blk(P1),
        blk('Advertisement - Continue Reading Below'),
        blk('We may earn a commission when you buy through links on our site.'),
        blk('Lorem ipsum dolor sit amet, consectetur adipiscing elit.'),
        blk(P2),
      ],
      { title: null },
    );
    expect(texts(out)).toEqual([P1, P2]);
  });

  it('drops pointers to other stories ("Also read: <headline>"), not a sentence that starts alike', () => {
    const out = cleanBlocks(
      [
        blk(P1),
        blk('Also read: Council debates the cost of the new tram depot and the repairs to the old one'),
        blk(P2),
        blk('[Read more: How the city plans its transport budget every year]'),
        blk('Related reading: what the new bus lanes mean for cyclists'),
        blk('Related costs: the council also set aside money for bus shelters.'),
      ],
      { title: null },
    );
    expect(texts(out)).toEqual([P1, P2, 'Related costs: the council also set aside money for bus shelters.']);
  });

  it('drops a date line on its own, not a sentence about an update', () => {
    const lines = ['Last updated: April 21, 2025', 'Published on May 02, 2024 07:44 PM IST', 'Updated on June 18, 2025 at 12:35 PM', 'Last reviewed January 2023', 'Date Last Reviewed:'];
    const keep = 'Updated timetables will follow in the spring.';
    const out = cleanBlocks([blk(P1), ...lines.map((t) => blk(t)), blk(keep)], { title: null });
    expect(texts(out)).toEqual([P1, keep]);
  });

  it('drops sign-up consent and thank-you lines', () => {
    const out = cleanBlocks(
      [
        blk(P1),
        blk('By clicking Sign Me Up, you confirm you are 16+ and agree to our Terms of Use and Privacy Policy.'),
        blk('Thank you for subscribing to our daily newsletter.'),
        blk(P2),
      ],
      { title: null },
    );
    expect(texts(out)).toEqual([P1, P2]);
  });

  it('drops teaser excerpts (a "post-excerpt" box) inside the article', () => {
    const out = pruneBlocks([
      blk(P1, { context: 'entry-content' }),
      blk(P2, { context: 'entry-content' }),
      blk(P3, { context: 'entry-content' }),
      blk('Council debates the cost of the tram depot', { context: 'entry-content post-excerpt' }),
      blk(P4, { context: 'entry-content' }),
    ]);
    expect(texts(out)).toEqual([P1, P2, P3, P4]);
  });

  it('drops blocks inside promo, disclaimer and call-to-action boxes', () => {
    const out = pruneBlocks([
      blk(P1, { context: 'entry-content' }),
      blk('Try our budgeting app free for 30 days', { context: 'entry-content promo-box' }),
      blk(P2, { context: 'entry-content' }),
      blk('This is not financial advice.', { context: 'entry-content disclaimer' }),
      blk(P3, { context: 'entry-content' }),
      blk(P4, { context: 'entry-content' }),
    ]);
    expect(texts(out)).toEqual([P1, P2, P3, P4]);
  });

  it('keeps boxed blocks when they are much of the text (a wrapper named like a box)', () => {
    const bs = [blk(P1, { context: 'cta-wrapper' }), blk(P2, { context: 'cta-wrapper' }), blk(P3)];
    expect(pruneBlocks(bs)).toHaveLength(3);
  });

  it('drops short link lines repeated on the page, not a short line said once', () => {
    const out = pruneBlocks([
      blk(P1),
      blk('Check price', { linkDensity: 1 }),
      blk(P2),
      blk('Check price', { linkDensity: 1 }),
      blk('Our verdict', { tag: 'h2' }),
      blk(P3),
    ]);
    expect(texts(out)).toEqual([P1, P2, 'Our verdict', P3]);
  });

  it('drops a trailing list of teasers (linked headings with excerpts)', () => {
    const teaser = (title: string, excerpt: string): Block[] => [blk(title, { tag: 'h3', linkDensity: 1 }), blk(excerpt)];
    const story = [blk(P1), blk(P2), blk(P3)];
    const out = pruneBlocks([
      ...story,
      ...teaser('Bus lanes open downtown', P4),
      ...teaser('Tram depot plans approved', P5),
      ...teaser('Night services to be reviewed', P6),
    ]);
    expect(texts(out)).toEqual([P1, P2, P3]);
    // two linked headings are not yet a list of teasers
    const two = [...story, ...teaser('Bus lanes open downtown', P4), ...teaser('Tram depot plans approved', P5)];
    expect(pruneBlocks(two)).toHaveLength(two.length);
  });

  it('drops a trailing teaser list before filling in the container, so its excerpts are not kept', () => {
    // teasers "extra" are left out by Readability, not by the container
    const teaser = (i: number, cls: string): string =>
      `<div class="${cls}"><h3><a href="/story-${i}">Story ${i}</a></h3><p>A short excerpt of the other story, number ${i}, is shown here.</p></div>`;
    const story = [P1, P2, P3, P4, P5, P6, P7, P8].map((p) => `<p>${p}</p>`).join('');
    const teasers = [teaser(0, 'item'), teaser(1, 'item extra'), teaser(2, 'item extra'), teaser(3, 'item'), teaser(4, 'item'), teaser(5, 'item')];
    const html = `<html><head><title>Budget</title></head><body><div class="content"><div class="post">${story}${teasers.join('')}</div></div></body></html>`;
    expect(extractArticle(html).text.split('\n\n')).toEqual([P1, P2, P3, P4, P5, P6, P7, P8]);
  });

  it('drops trailing blocks that are mostly links', () => {
    const out = pruneBlocks([
      blk(P1),
      blk(P2),
      blk(P3),
      blk('Council debates tram repairs', { tag: 'li', linkDensity: 1 }),
      blk('New bus lanes open downtown', { tag: 'li', linkDensity: 1 }),
    ]);
    expect(texts(out)).toEqual([P1, P2, P3]);
  });
});

describe('the page container as a second candidate', () => {
  it('finds the article-body element and prunes related and share boxes inside it', () => {
    const { document } = parseDom(`<html><body><div class="sidebar"><p>${P6}</p></div>
<div class="entry-content"><p>${P1}</p><div class="related-posts"><p>${P5}</p></div><p>${P2}</p>
<div class="share-bar">Share on Facebook</div></div></body></html>`);
    expect(texts(containerBlocks(document))).toEqual([P1, P2]);
    // a copy is pruned: the page itself is unchanged
    expect(document.querySelector('.related-posts')).not.toBeNull();
  });

  it('leaves teaser excerpts out of the container', () => {
    const { document } = parseDom(`<html><body><div class="entry-content"><p>${P1}</p><p>${P2}</p>
<div class="post-excerpt"><p>${P7}</p></div><p>${P3}</p></div></body></html>`);
    expect(texts(containerBlocks(document))).toEqual([P1, P2, P3]);
  });

  it('measures shared text both ways', () => {
    const o = overlap([blk(P1)], [blk(P1), blk(P2)]);
    expect(o.aInB).toBe(1);
    expect(o.bInA).toBeGreaterThan(0.4);
    expect(o.bInA).toBeLessThan(0.6);
  });

  it('takes the container when it holds all of Readability\'s text and much more prose', () => {
    const main = [blk(P1), blk(P2)];
    const cont = [blk(P1), blk(P2), blk(P3), blk(P4), blk(P5)];
    expect(chooseCandidate(main, cont)).toBe(cont);
  });

  it('keeps Readability\'s text when the container\'s extra is mostly links', () => {
    const main = [blk(P1), blk(P2)];
    const cont = [blk(P1), blk(P2), blk(P3, { linkDensity: 1 }), blk(P4, { linkDensity: 1 }), blk(P5, { linkDensity: 1 })];
    expect(texts(chooseCandidate(main, cont))).toEqual([P1, P2]);
  });

  it('takes the container when it is most of Readability\'s text and nothing else', () => {
    const main = [blk(P1), blk(P2), blk(P3), blk(P4), blk(P5)];
    const cont = [blk(P1), blk(P2), blk(P3), blk(P4)];
    expect(chooseCandidate(main, cont)).toBe(cont);
  });

  it('fills in the container\'s lead and the prose paragraphs Readability dropped between its blocks', () => {
    const main = [blk(P2), blk(P4), blk(P5), blk(P6), blk(P7), blk(P8)];
    const cont = [
      blk('By Jane Smith'),
      blk(P1),
      blk(P2),
      blk(P3),
      blk('Council debates tram repairs', { linkDensity: 1 }),
      blk(P4),
      blk(P5),
      blk(P6),
      blk(P7),
      blk(P8),
      blk('Sign up for our newsletter and get the city news every morning in your inbox, for free.'),
    ];
    expect(texts(chooseCandidate(main, cont))).toEqual([P1, P2, P3, P4, P5, P6, P7, P8]);
  });

  it('does not fill in a heading as the lead', () => {
    const main = [blk(P2), blk(P3), blk(P4), blk(P5), blk(P6)];
    const heading = 'Council approves the largest increase in public transport spending in a decade, with buses first';
    const cont = [blk(heading, { tag: 'h2' }), blk(P1), blk(P2), blk(P3), blk(P4), blk(P5), blk(P6)];
    expect(texts(chooseCandidate(main, cont))).toEqual([P1, P2, P3, P4, P5, P6]);
  });

  it('passes over a body-named box that is mostly links', () => {
    const teasers = [P5, P6, P7].map((p) => `<li><a href="/x">${p}</a></li>`).join('');
    const { document } = parseDom(`<html><body><div class="post-content"><ul>${teasers}</ul></div>
<article><p>${P1}</p><p>${P2}</p></article></body></html>`);
    expect(texts(containerBlocks(document))).toEqual([P1, P2]);
  });

  it('keeps Readability\'s text when the container is something else', () => {
    const main = [blk(P1), blk(P2), blk(P3)];
    const cont = [blk(P5), blk(P6)];
    expect(chooseCandidate(main, cont)).toBe(main);
    expect(chooseCandidate([], cont)).toBe(cont);
  });
});

describe('fixMojibake', () => {
  it('repairs UTF-8 read as cp1252 or latin-1', () => {
    expect(fixMojibake('weâ€™ve')).toBe('we’ve');
    expect(fixMojibake('can\u00e2\u0080\u0099t')).toBe('can’t');
    expect(fixMojibake('naÃ¯ve cafÃ©')).toBe('naïve café');
    expect(fixMojibake('Starting at â‚¬14')).toBe('Starting at €14');
  });

  it('leaves correct text alone', () => {
    for (const s of ['Café résumé', '«groß»', 'São Paulo — 5 °C', 'Ärger über Öl']) expect(fixMojibake(s)).toBe(s);
  });
});

describe('the densest-block fallback', () => {
  it('does not count or keep paragraphs in boilerplate boxes', () => {
    // the related box holds more paragraph text than the story; it is not the densest block
    const related = [P5, P6, P7, P8].map((p) => `<p>${p}</p>`).join('');
    const { document } = parseDom(`<html><body><div class="wrap">
<div class="story"><p>${P1}</p><p>${P2}</p><div class="share-bar"><p>Share this story with your friends on every network</p></div><p>${P3}</p></div>
<div class="related-stories">${related}</div></div></body></html>`);
    expect(texts(densestBlocks(document))).toEqual([P1, P2, P3]);
  });
});
