import { describe, expect, it } from 'vitest';
import { parseDate, parseHumanDate, dateFromUrl } from './dates.js';
import { enableJsdom } from './dom.js';
import { extractArticle } from './extract.js';

const P1 = 'The city council voted on Tuesday to approve a new budget that raises spending on public transport by a fifth, the largest increase in a decade.';
const P2 = 'Supporters said the money would pay for more frequent buses on the busiest routes and for repairs to the tram network, which has suffered repeated breakdowns.';
const P3 = 'Opponents warned that the plan relied on optimistic forecasts of fare revenue and could leave a gap in the accounts if ridership does not recover as expected.';
const P4 = 'The mayor is expected to sign the budget next week, after which the transport authority will publish a detailed timetable for the new services.';
const BODY = [P1, P2, P3, P4];

function page(o: { head?: string; before?: string; after?: string; paras?: string[]; h1?: string; lang?: string } = {}): string {
  const paras = (o.paras ?? BODY).map((p) => `<p>${p}</p>`).join('\n');
  return `<!DOCTYPE html><html${o.lang ? ` lang="${o.lang}"` : ''}><head><title>Budget vote | City Times</title>${o.head ?? ''}</head>
<body><header><div class="logo"><a href="/">City Times</a></div></header>
<main><article><h1>${o.h1 ?? 'Council approves transport budget'}</h1>${o.before ?? ''}
<div class="article-body">${paras}</div>${o.after ?? ''}</article></main>
<footer><p>Contact us | About | Careers</p></footer></body></html>`;
}

describe('extractArticle: text', () => {
  it('returns the paragraphs separated by blank lines', () => {
    const a = extractArticle(page());
    expect(a.isArticle).toBe(true);
    expect(a.text.split('\n\n')).toEqual(BODY);
    expect(a.error).toBeUndefined();
  });

  it('drops a figure caption', () => {
    const fig = '<figure><img src="a.jpg"><figcaption>The council chamber during the vote on Tuesday evening.</figcaption></figure>';
    const a = extractArticle(page({ paras: [P1, P2], after: `${fig}<p>${P3}</p><p>${P4}</p>` }));
    expect(a.text).not.toContain('council chamber during the vote');
    expect(a.text).toContain(P3);
  });

  it('drops share and subscribe lines', () => {
    const a = extractArticle(page({ paras: [P1, P2, 'Share this article', P3, 'Subscribe to our newsletter', P4] }));
    expect(a.text.split('\n\n')).toEqual(BODY);
  });

  it('drops "Read more" and "Related" lines', () => {
    const a = extractArticle(page({ paras: [P1, P2, 'Read more', P3, 'Related: <a href="/x">Council debates tram repairs</a>', P4] }));
    expect(a.text.split('\n\n')).toEqual(BODY);
  });

  it('drops copyright and tip-line footers', () => {
    const a = extractArticle(page({ paras: [...BODY, '© 2024 City Times Media. All rights reserved.', 'Have a news tip? Email tips@citytimes.example'] }));
    expect(a.text.split('\n\n')).toEqual(BODY);
  });

  it('drops photo credits', () => {
    const a = extractArticle(page({ paras: [P1, 'Photo: Jane Smith / City Times', P2, P3, P4] }));
    expect(a.text.split('\n\n')).toEqual(BODY);
  });

  it('drops a paragraph repeated within the page', () => {
    const a = extractArticle(page({ paras: [P1, P2, P3, P2, P4] }));
    expect(a.text.split('\n\n')).toEqual(BODY);
  });

  it('drops a comment section longer than the story', () => {
    const comment = (i: number): string =>
      `<li class="comment"><p>Reader ${i} wrote: I take the bus every day and the service on the northern routes has been unreliable for years, so any money spent on it is welcome news.</p></li>`;
    const comments = `<div id="comments"><h3>12 comments</h3><ol class="comment-list">${Array.from({ length: 12 }, (_, i) => comment(i)).join('')}</ol></div>`;
    const a = extractArticle(page({ after: comments }));
    expect(a.text.split('\n\n')).toEqual(BODY);
  });

  it('moves the parts of a React-streamed page into their placeholders', async () => {
    await enableJsdom();
    // the story arrives late, hidden at the end of the page, with scripts that would move it in
    // place of the fallback skeleton; its second half is a further part inside the first
    const html = `<!DOCTYPE html><html><head><title>Budget vote | City Times</title></head><body>
<header><a href="/">City Times</a></header><main><article><h1>Council approves transport budget</h1><div class="article-body">
<!--$?--><template id="B:0"></template><p>Please wait while the full story loads for you, it will not take long.</p><!--/$--></div></article></main>
<footer><p>Contact us | About | Careers</p></footer>
<div hidden id="S:1"><p>${P1}</p><p>${P2}</p><template id="P:2"></template></div>
<script>$RC("B:0","S:1")</script><div hidden id="S:2"><p>${P3}</p><p>${P4}</p></div><script>$RS("S:2","P:2")</script></body></html>`;
    for (const dom of ['linkedom', 'jsdom'] as const) {
      const a = extractArticle(html, { dom });
      expect(a.text.split('\n\n')).toEqual(BODY);
    }
    // a part that holds its own placeholder is left where it is, without failing
    const selfFilled = html.replace('<template id="P:2"></template></div>', '</div>').replace(`<p>${P4}</p></div>`, `<p>${P4}</p><template id="P:2"></template></div>`);
    for (const dom of ['linkedom', 'jsdom'] as const) {
      const a = extractArticle(selfFilled, { dom });
      expect(a.error).toBeUndefined();
      expect(a.text.split('\n\n')).toEqual([P1, P2]);
    }
  });

  it('keeps lists and tables that belong to the story', () => {
    const list = '<ul><li>Route 12 every five minutes at peak hours</li><li>Night buses on four more lines</li></ul>';
    const table = '<table><tr><th>Line</th><th>Change</th></tr><tr><td>Tram 3</td><td>Track repairs</td></tr></table>';
    const a = extractArticle(page({ paras: [P1, P2, list, P3, table, P4] }).replace(/<p>(<ul>|<table>)/g, '$1').replace(/(<\/ul>|<\/table>)<\/p>/g, '$1'));
    expect(a.text).toContain('- Route 12 every five minutes at peak hours');
    expect(a.text).toContain('- Night buses on four more lines');
    expect(a.text).toMatch(/Tram 3 \| Track repairs/);
  });

  it('does not include scripts, styles or the headline in the text', () => {
    const a = extractArticle(page({ before: '<script>var x = "secret script text";</script><style>.a{color:red}</style>' }));
    expect(a.text).not.toContain('secret script text');
    expect(a.text).not.toContain('color:red');
    expect(a.text.startsWith(P1)).toBe(true);
  });

  it('falls back to the JSON-LD articleBody when the page has no readable body', () => {
    const body = BODY.join('\n');
    const html = `<html><head><script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'Budget', articleBody: body })}</script></head><body><div id="app"></div></body></html>`;
    const a = extractArticle(html);
    expect(a.text.split('\n\n')).toEqual(BODY);
  });
});

describe('extractArticle: metadata sources', () => {
  it('reads JSON-LD NewsArticle (inside @graph)', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'City Times' },
        {
          '@type': 'NewsArticle', headline: 'Council approves transport budget', datePublished: '2024-03-05T18:30:00-05:00',
          dateModified: '2024-03-06T08:00:00Z', author: [{ '@type': 'Person', name: 'Jane Smith' }, { '@type': 'Person', name: 'Omar Ali' }],
          publisher: { '@type': 'Organization', name: 'City Times' }, image: { '@type': 'ImageObject', url: 'https://citytimes.example/a.jpg' },
          inLanguage: 'en-GB',
        },
      ],
    };
    const a = extractArticle(page({ head: `<script type="application/ld+json">${JSON.stringify(ld)}</script>` }));
    expect(a.title).toBe('Council approves transport budget');
    expect(a.byline).toBe('Jane Smith, Omar Ali');
    // the page's 18:30 at -05:00, as UTC
    expect(a.publishedAt).toBe('2024-03-05T23:30:00.000Z');
    expect(a.modifiedAt).toBe('2024-03-06T08:00:00.000Z');
    expect(a.siteName).toBe('City Times');
    expect(a.image).toBe('https://citytimes.example/a.jpg');
  });

  it('reads Open Graph and article:* meta', () => {
    const head = `<meta property="og:title" content="Council approves transport budget | City Times">
      <meta property="og:site_name" content="City Times"><meta property="og:image" content="/img/b.jpg">
      <meta property="og:url" content="https://citytimes.example/news/budget">
      <meta property="article:published_time" content="2024-03-05T10:00:00Z">
      <meta property="article:modified_time" content="2024-03-05T12:00:00Z"><meta name="author" content="Jane Smith">`;
    const a = extractArticle(page({ head, h1: 'Something else entirely here' }));
    expect(a.publishedAt).toBe('2024-03-05T10:00:00.000Z');
    expect(a.modifiedAt).toBe('2024-03-05T12:00:00.000Z');
    expect(a.byline).toBe('Jane Smith');
    expect(a.siteName).toBe('City Times');
    expect(a.canonicalUrl).toBe('https://citytimes.example/news/budget');
    expect(a.image).toBe('https://citytimes.example/img/b.jpg');
  });

  it('prefers the visible <h1> when the metadata confirms it, and strips the site name otherwise', () => {
    const head = '<meta property="og:title" content="Council approves transport budget - City Times"><meta property="og:site_name" content="City Times">';
    expect(extractArticle(page({ head })).title).toBe('Council approves transport budget');
    const noH1 = page({ head }).replace(/<h1>.*?<\/h1>/, '');
    expect(extractArticle(noH1).title).toBe('Council approves transport budget');
  });

  it('takes the agreed metadata title over a short <h1> label that is not the headline', () => {
    const head = '<meta property="og:title" content="Council approves transport budget | City Times"><meta name="twitter:title" content="Council approves transport budget"><meta property="og:site_name" content="City Times">';
    expect(extractArticle(page({ head, h1: 'Our Blog' })).title).toBe('Council approves transport budget');
    // a short <h1> whose words are all in the metadata title is the headline as shown
    const head2 = '<meta property="og:title" content="Transport budget: what the council approved"><meta name="twitter:title" content="Transport budget: what the council approved">';
    expect(extractArticle(page({ head: head2, h1: 'Transport Budget' })).title).toBe('Transport Budget');
    // a long <h1> the metadata does not confirm still wins
    expect(extractArticle(page({ head, h1: 'Council backs biggest transit spending rise in a decade' })).title).toBe('Council backs biggest transit spending rise in a decade');
  });

  it('drops what is glued onto the <h1> when two metadata sources agree on the headline', () => {
    const head = '<meta property="og:title" content="Council approves transport budget"><meta name="twitter:title" content="Council approves transport budget">';
    expect(extractArticle(page({ head, h1: 'Blog: Council approves transport budget' })).title).toBe('Council approves transport budget');
    expect(extractArticle(page({ head, h1: 'Council approves transport budget Posted on March 5, 2024' })).title).toBe('Council approves transport budget');
    // a plain longer headline the metadata shortened is kept as shown
    expect(extractArticle(page({ head, h1: 'The Council approves transport budget' })).title).toBe('The Council approves transport budget');
  });

  it('reads a "Posted on" date anywhere in the page when nothing else gives one', () => {
    let published: { source: string; value: string }[] = [];
    const a = extractArticle(page({ after: '<p>Posted on April 13, 2023</p>' }), {}, (d) => { published = d.candidates.published; });
    expect(a.publishedAt).toBe('2023-04-13T00:00:00.000Z');
    expect(published).toContainEqual({ source: 'posted', value: '2023-04-13T00:00:00.000Z' });
    // other text that only mentions a date is not a publication date
    let none: { source: string; value: string }[] = [];
    extractArticle(page({ after: '<p>The vote was first scheduled for April 13, 2023 but delayed.</p>' }), {}, (d) => { none = d.candidates.published; });
    expect(none.some((x) => x.source === 'posted')).toBe(false);
  });

  it('reads a publication date from HTML-escaped JSON in an attribute', () => {
    const before = '<div data-props="{&quot;headline&quot;:&quot;x&quot;,&quot;datePublished&quot;:&quot;2025-11-17T09:00:00-05:00&quot;}"></div>';
    expect(extractArticle(page({ before })).publishedAt).toBe('2025-11-17T14:00:00.000Z');
  });

  it('reads a <time datetime> element', () => {
    const a = extractArticle(page({ before: '<p class="meta">By Jane Smith · <time datetime="2023-11-02T09:15:00+01:00">2 Nov 2023</time></p>' }));
    expect(a.publishedAt).toBe('2023-11-02T08:15:00.000Z');
    expect(new Date(a.publishedAt ?? '').toISOString()).toBe('2023-11-02T08:15:00.000Z');
    expect(a.byline).toBe('Jane Smith');
  });

  it('reads a byline element and a human-written date next to the headline', () => {
    const a = extractArticle(page({ before: '<div class="byline">By <a rel="author" href="/authors/jane">Jane Smith</a></div><span>March 5, 2024</span>' }));
    expect(a.byline).toBe('Jane Smith');
    expect(a.publishedAt?.slice(0, 10)).toBe('2024-03-05');
  });

  it('takes the date the page shows over a later Dublin Core date (a republication)', () => {
    const head = '<meta name="DC.date" content="2024-07-05T14:20:08Z">';
    const a = extractArticle(page({ head, before: '<p>By Jane Smith · <time datetime="2024-03-01">March 1, 2024</time></p>' }));
    expect(a.publishedAt?.slice(0, 10)).toBe('2024-03-01');
    // with nothing shown, the Dublin Core date stands
    expect(extractArticle(page({ head })).publishedAt).toBe('2024-07-05T14:20:08.000Z');
  });

  it("does not take a masthead's date of today for the publication date", () => {
    const a = extractArticle(page({ before: '<p id="todays-date-custom"><strong>Friday</strong>, December 19, 2025</p><p class="byline">By Jane Smith</p><span>December 12, 2025</span>' }));
    expect(a.publishedAt?.slice(0, 10)).toBe('2025-12-12');
  });

  it("reads the URL's date path, then the feed date", () => {
    const a = extractArticle(page(), { url: 'https://citytimes.example/2024/03/05/budget-vote/' });
    expect(a.publishedAt).toBe('2024-03-05T00:00:00.000Z');
    expect(a.canonicalUrl).toBe('https://citytimes.example/2024/03/05/budget-vote/');
    const b = extractArticle(page(), { url: 'https://citytimes.example/news/budget', feedPublishedAt: '2024-03-07T00:00:00.000Z' });
    expect(b.publishedAt).toBe('2024-03-07T00:00:00.000Z');
  });

  it('reads <link rel=canonical> resolved against the page URL', () => {
    const a = extractArticle(page({ head: '<link rel="canonical" href="/news/budget-vote">' }), { url: 'https://citytimes.example/amp/news/budget-vote?x=1' });
    expect(a.canonicalUrl).toBe('https://citytimes.example/news/budget-vote');
  });

  it('takes the declared language, else detects it', () => {
    expect(extractArticle(page({ lang: 'en-US' })).lang).toBe('en');
    const de = [
      'Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen, der die Ausgaben für den öffentlichen Nahverkehr deutlich erhöht.',
      'Befürworter sagten, das Geld werde für häufigere Busse auf den wichtigsten Strecken und für Reparaturen am Straßenbahnnetz verwendet.',
      'Kritiker warnten, dass der Plan auf optimistischen Prognosen der Fahrgeldeinnahmen beruhe und eine Lücke im Haushalt hinterlassen könne.',
    ];
    expect(extractArticle(page({ paras: de })).lang).toBe('de');
  });
});

describe('extractArticle: odd input', () => {
  it('handles an empty page', () => {
    const a = extractArticle('');
    expect(a.isArticle).toBe(false);
    expect(a.notArticleReason).toMatch(/empty/);
    expect(a.text).toBe('');
  });

  it('handles broken HTML (unclosed tags, stray closers, bad nesting)', () => {
    const html = `<html><head><title>Broken</title><body><div><p>${P1}<p>${P2}</div></span><b><i>${P3}</b></i><p>${P4}<table><tr><td>`;
    const a = extractArticle(html);
    expect(a.text).toContain(P1);
    expect(a.text).toContain(P4);
  });

  it('handles a 10 MB page', () => {
    const para = `<p>${P1} ${P2}</p>`;
    const n = Math.ceil((10 * 1024 * 1024) / para.length);
    const html = page({ paras: Array.from({ length: n }, (_, i) => `Paragraph ${i}: ${P1} ${P2}`) });
    expect(html.length).toBeGreaterThan(10 * 1024 * 1024);
    const a = extractArticle(html);
    expect(a.isArticle).toBe(true);
    expect(a.text.length).toBeGreaterThan(1000);
  });

  it('marks an empty shell, an index page and a video page as not articles', () => {
    const shell = '<html><head><title>App</title></head><body><div id="root"></div><noscript>Enable JavaScript</noscript></body></html>';
    expect(extractArticle(shell).isArticle).toBe(false);
    const links = Array.from({ length: 20 }, (_, i) => `<li><a href="/news/${i}">Headline number ${i} about the council budget and trams</a></li>`).join('');
    const index = `<html><head><title>News</title><meta property="og:type" content="website"></head><body><main><h1>Latest news</h1><ul>${links}</ul></main></body></html>`;
    const r = extractArticle(index, { url: 'https://citytimes.example/' });
    expect(r.isArticle).toBe(false);
    expect(r.notArticleReason).toMatch(/index/);
    const video = `<html><head><meta property="og:type" content="video.other"><script type="application/ld+json">{"@type":"VideoObject","name":"Budget vote","uploadDate":"2024-03-05"}</script></head><body><main><h1>Watch: the budget vote</h1><video src="v.mp4"></video><p>The council votes on the budget, in two minutes of video footage.</p></main></body></html>`;
    const v = extractArticle(video);
    expect(v.isArticle).toBe(false);
    expect(v.notArticleReason).toMatch(/video|empty/);
    expect(extractArticle(page()).isArticle).toBe(true);
  });

  it('gives the same text on jsdom as on linkedom, and survives CSS jsdom cannot parse', async () => {
    await enableJsdom();
    const html = page({ head: '<style>@media screen { .a { color: red } } }}} @@@ { </style>' });
    const a = extractArticle(html, { dom: 'jsdom' });
    expect(a.text).toBe(extractArticle(html).text);
  });
});

describe('dates', () => {
  it('parses machine and human dates to ISO instants that keep the given offset', () => {
    expect(parseDate('2024-01-31')).toBe('2024-01-31T00:00:00.000Z');
    expect(parseDate('2024-01-31T22:00:00-05:00')).toBe('2024-01-31T22:00:00.000-05:00');
    expect(Date.parse(parseDate('2024-01-31T22:00:00-05:00') ?? '')).toBe(Date.parse('2024-02-01T03:00:00.000Z'));
    expect(parseDate('2024-01-31T01:30:00+0530')).toBe('2024-01-31T01:30:00.000+05:30');
    expect(parseDate('2024-01-31T10:00:00+00:00')).toBe('2024-01-31T10:00:00.000Z');
    expect(parseDate('Tue, 04 Sep 2025 23:10:00 -0400')).toBe('2025-09-04T23:10:00.000-04:00');
    expect(parseDate('2024-01-31T25:00:00Z')).toBe('2024-01-31T00:00:00.000Z');
    expect(parseDate('2024-01-31 08:33:24')).toBe('2024-01-31T08:33:24.000Z');
    expect(parseDate(1706659200)).toBe('2024-01-31T00:00:00.000Z');
    expect(parseHumanDate('Published Sept. 4, 2025 at 3:10 pm')).toBe('2025-09-04T00:00:00.000Z');
    expect(parseHumanDate('4 September 2025')).toBe('2025-09-04T00:00:00.000Z');
    expect(parseHumanDate('23.07.2025')).toBe('2025-07-23T00:00:00.000Z');
    expect(parseHumanDate('2025 Jan 7')).toBe('2025-01-07T00:00:00.000Z');
    expect(parseHumanDate('no date here')).toBeNull();
    expect(parseDate('2024-02-30')).toBeNull();
    expect(dateFromUrl('https://x.example/news/2023/11/02/story')).toBe('2023-11-02T00:00:00.000Z');
    expect(dateFromUrl('https://x.example/news/story-20231102.html')).toBe('2023-11-02T00:00:00.000Z');
    expect(dateFromUrl('https://x.example/news/story')).toBeNull();
  });
});
