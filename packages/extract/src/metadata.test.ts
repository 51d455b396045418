import { describe, expect, it } from 'vitest';
import { parseDom } from './dom.js';
import { extractArticle } from './extract.js';
import { jsonLdBlocks } from './jsonld.js';
import { fixMojibake } from './text.js';
import {
  chooseByline, choosePublished, chooseTitle, collectCandidates, dropTagline, spacedText, type MetaCandidates,
} from './metadata.js';

const P = 'The city council voted on Tuesday to approve a new budget that raises spending on public transport by a fifth, the largest increase in a decade.';
const BODY = `<p>${P}</p><p>${P.replace('Tuesday', 'Monday')}</p><p>${P.replace('council', 'board')}</p>`;

function cands(over: Partial<MetaCandidates>): MetaCandidates {
  return { title: [], byline: [], published: [], modified: [], lang: [], canonical: [], siteName: [], image: [], ldTypes: [], ...over };
}

function collect(html: string, url: string | null = null): MetaCandidates {
  const doc = parseDom(html, 'linkedom').document;
  return collectCandidates(doc, jsonLdBlocks(html), url, html);
}

const ld = (o: object): string => `<script type="application/ld+json">${JSON.stringify(o)}</script>`;

describe('titles', () => {
  it('keeps an <h1> whose article carries WordPress taxonomy classes ("category-brands", "tag-logo")', () => {
    const html = `<html><head><title>Other | Site</title></head><body><article class="post category-brands tag-logo-design">
      <header class="entry-header"><h1 class="entry-title">The Most Affordable Places to Buy Fashion</h1></header>${BODY}</article></body></html>`;
    const c = collect(html);
    expect(c.title.find((x) => x.source === 'h1')?.value).toBe('The Most Affordable Places to Buy Fashion');
  });

  it('does not take an <h1> inside the link home (the site name) for the headline', () => {
    const html = `<html><head><title>rustc progress report #39</title></head><body>
      <header id="header"><span><a href="/"><h1>Antoyo's Blog</h1></a></span></header><main>${BODY}</main></body></html>`;
    const c = collect(html);
    expect(c.title.find((x) => x.source === 'h1')).toBeUndefined();
    expect(chooseTitle(c)).toBe('rustc progress report #39');
  });

  it('drops a short tagline after a spaced dash or bar, and keeps a headline that only looks like one', () => {
    expect(dropTagline('Best Residential Movers in NYC 2025 | Top 19 Companies')).toBe('Best Residential Movers in NYC 2025');
    expect(dropTagline('Reflections on Building a UI Pipeline - Part 1')).toBe('Reflections on Building a UI Pipeline');
    // a head of two words, a long tail, a lowercase continuation, two separators: kept
    expect(dropTagline('Zero Waste - A Beginner’s Guide')).toBe('Zero Waste - A Beginner’s Guide');
    expect(dropTagline('Best Movers in Town – How We Tested Every Single One')).toBe('Best Movers in Town – How We Tested Every Single One');
    expect(dropTagline('I Tried the AI Strength Training System — and It May Replace My Gym')).toBe('I Tried the AI Strength Training System — and It May Replace My Gym');
    expect(dropTagline('Budget vote - City Times - News')).toBe('Budget vote - City Times - News');
  });

  it('takes the title that two metadata sources agree on over a single truncated JSON-LD headline', () => {
    const c = cands({
      title: [
        { source: 'ld', value: 'Fix It Friday: How To Arrange Your Living Room (Including' },
        { source: 'og', value: 'Fix It Friday: How To Arrange Your Living Room (Including One Trick) - Emily Henderson' },
        { source: 'title', value: 'Fix It Friday: How To Arrange Your Living Room (Including One Trick) - Emily Henderson' },
      ],
      siteName: [{ source: 'og', value: 'Emily Henderson' }],
    });
    expect(chooseTitle(c)).toBe('Fix It Friday: How To Arrange Your Living Room (Including One Trick)');
  });

  it('does not take an <h1> of over 200 characters (a description) for the headline', () => {
    const long = 'Learn which home renovations have the best return on investment and get expert tips on how to understand and calculate it. We will help you learn everything you need to know about the value of your project.';
    const c = cands({
      title: [
        { source: 'og', value: 'The 10 Best Home Improvement Projects | RenoFi' },
        { source: 'title', value: 'The 10 Best Home Improvement Projects | RenoFi' },
        { source: 'h1', value: long },
      ],
      siteName: [{ source: 'og', value: 'RenoFi' }],
    });
    expect(long.length).toBeGreaterThan(200);
    expect(chooseTitle(c)).toBe('The 10 Best Home Improvement Projects');
  });

  it('reads an <h1> broken by <br> or block children with spaces between the parts', () => {
    const doc = parseDom('<html><body><h1>WEEKEND<br>CODING<br> <span>AGENT</span></h1><h1>Tax 101<div>A guide</div></h1></body></html>', 'linkedom').document;
    const [a, b] = Array.from(doc.querySelectorAll('h1'));
    expect(spacedText(a!)).toBe('WEEKEND CODING AGENT');
    expect(spacedText(b!)).toBe('Tax 101 A guide');
  });

  it('repairs UTF-8 read as Latin-1 in metadata, and leaves other text alone', () => {
    expect(fixMojibake('A DIY Investor\u00e2\u0080\u0099s Guide')).toBe('A DIY Investor’s Guide');
    expect(fixMojibake('Café crème')).toBe('Café crème');
    expect(fixMojibake('Investor’s Guide')).toBe('Investor’s Guide');
    const html = `<html><head><title>A DIY Investor\u00e2\u0080\u0099s Guide</title></head><body>${BODY}</body></html>`;
    expect(extractArticle(html).title).toBe('A DIY Investor’s Guide');
  });
});

describe('publication dates', () => {
  it('gives a date-only value at T00:00:00Z in any local time zone', () => {
    const tz = process.env['TZ'];
    try {
      for (const zone of ['America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati']) {
        process.env['TZ'] = zone;
        const html = `<html><head><meta name="published-date" content="2021-02-16"></head><body><h1>Budget vote</h1>${BODY}</body></html>`;
        expect(extractArticle(html).publishedAt).toBe('2021-02-16T00:00:00.000Z');
        const text = `<html><head></head><body><h1>Budget vote</h1><p class="post-date">March 5, 2024</p>${BODY}</body></html>`;
        expect(extractArticle(text).publishedAt).toBe('2024-03-05T00:00:00.000Z');
      }
    } finally {
      if (tz === undefined) delete process.env['TZ'];
      else process.env['TZ'] = tz;
    }
  });

  it('takes the date shown by the headline when only JSON-LD gives an earlier one, with the modified time of that day', () => {
    const c = cands({
      published: [
        { source: 'ld', value: '2024-03-06T02:16:49-08:00' },
        { source: 'script', value: '2024-03-06T02:16:49-08:00' },
        { source: 'near', value: '2025-11-19T00:00:00.000Z' },
      ],
      modified: [{ source: 'ld', value: '2025-11-19T12:47:12-08:00' }],
    });
    expect(choosePublished(c)).toBe('2025-11-19T12:47:12.000-08:00');
    // no modified value of that day: the shown day
    expect(choosePublished({ ...c, modified: [] })).toBe('2025-11-19T00:00:00.000Z');
  });

  it('keeps the metadata date when article:published_time agrees with JSON-LD, or the shown date is a day off', () => {
    const agreed = cands({
      published: [
        { source: 'ld', value: '2024-02-27T10:00:00Z' },
        { source: 'meta', value: '2024-02-27T10:00:00Z' },
        { source: 'near', value: '2025-12-04T00:00:00.000Z' },
      ],
    });
    expect(choosePublished(agreed)).toBe('2024-02-27T10:00:00.000Z');
    const dayOff = cands({ published: [{ source: 'ld', value: '2025-11-25T08:33:24Z' }, { source: 'near', value: '2025-11-26T00:00:00.000Z' }] });
    expect(choosePublished(dayOff)).toBe('2025-11-25T08:33:24.000Z');
  });

  it('takes an earlier date shown by the headline (the original publication), unless it is the same instant in another zone', () => {
    const republished = cands({ published: [{ source: 'meta', value: '2025-12-19T10:00:00Z' }, { source: 'near', value: '2024-10-16T00:00:00.000Z' }] });
    expect(choosePublished(republished)).toBe('2024-10-16T00:00:00.000Z');
    const otherZone = cands({
      published: [
        { source: 'meta', value: '2025-07-05T00:04:00+00:00' },
        { source: 'itemprop', value: '2025-07-04T20:04:00-04:00' },
        { source: 'near', value: '2025-07-04T00:00:00.000Z' },
      ],
    });
    expect(choosePublished(otherZone)).toBe('2025-07-05T00:04:00.000Z');
    // the day before an instant early in the UTC day: the same instant west of Greenwich
    const west = cands({ published: [{ source: 'meta', value: '2021-12-10T02:17:00+00:00' }, { source: 'near', value: '2021-12-09T00:00:00.000Z' }] });
    expect(choosePublished(west)).toBe('2021-12-10T02:17:00.000Z');
  });

  it('keeps a day two metadata sources agree on over an earlier date by the headline that nothing machine-readable gives', () => {
    const agreed = cands({
      published: [
        { source: 'ld', value: '2025-12-19T23:05:00+05:30' },
        { source: 'meta', value: '2025-12-19T23:05:00+05:30' },
        { source: 'near', value: '2024-10-16T00:00:00.000Z' },
      ],
    });
    expect(choosePublished(agreed)).toBe('2025-12-19T23:05:00.000+05:30');
    // a <time> element gives the earlier day too: the original publication
    const backed = cands({ published: [...agreed.published, { source: 'time', value: '2024-10-16' }] });
    expect(choosePublished(backed)).toBe('2024-10-16T00:00:00.000Z');
  });

  it('reads an ambiguous numeric date the way another date on the page confirms', () => {
    const html = `<html><head></head><body><h1>Budget vote</h1><span class="date">02-12-2025</span>
      <time datetime="2025-12-02">Dec 2</time>${BODY}</body></html>`;
    expect(collect(html).published.find((x) => x.source === 'classdate')?.value).toBe('2025-12-02T00:00:00.000Z');
    expect(extractArticle(html).publishedAt?.slice(0, 10)).toBe('2025-12-02');
    const url = `<html><head><link rel="canonical" href="https://example.org/blog/2023/october/03/wine-types/"></head>
      <body><h1>Budget vote</h1><p class="post-date">03/10/2023</p>${BODY}</body></html>`;
    const c = collect(url);
    expect(c.published.find((x) => x.source === 'urlpath')?.value).toBe('2023-10-03T00:00:00.000Z');
    expect(c.published.find((x) => x.source === 'classdate')?.value).toBe('2023-10-03T00:00:00.000Z');
  });

  it('reads microdata dates that disagree among themselves (teaser cards) after the date by the headline', () => {
    const card = (d: string, t: string): string => `<li><a href="/x"><span itemprop="datePublished" content="${d}"></span>${t}</a></li>`;
    const html = `<html><head><meta name="date" content="March 27, 2025"></head><body><article><h1>Eleven podcasts for IT leaders</h1>
      <div class="card__info"><span>Mar 27, 2025</span></div>${BODY}</article><aside><ul>${card('2026-03-13T12:00:00+00:00', 'One')}
      ${card('2026-03-13T11:00:00+00:00', 'Two')}${card('2026-03-12T10:01:00+00:00', 'Three')}</ul></aside></body></html>`;
    const c = collect(html);
    expect(c.published.filter((x) => x.source === 'itemlist')).toHaveLength(3);
    expect(extractArticle(html).publishedAt).toBe('2025-03-27T00:00:00.000Z');
    // microdata that agrees with itself is the article's own date
    const own = `<html><head><meta name="date" content="March 27, 2025"></head><body><article><h1>Eleven podcasts for IT leaders</h1>
      <meta itemprop="datePublished" content="2025-03-26T09:00:00Z"><time itemprop="datePublished" datetime="2025-03-26T09:00:00Z">Mar 26</time>${BODY}</article></body></html>`;
    expect(collect(own).published.filter((x) => x.source === 'itemprop')).toHaveLength(2);
    expect(extractArticle(own).publishedAt).toBe('2025-03-26T09:00:00.000Z');
  });

  it('reads an ISO instant inside a date-named element', () => {
    const html = `<html><head></head><body><h1>Budget vote</h1><div class="Author_content"><p>Nick van Mead</p>
      <span class="Author_publicationTime">2022-11-23T08:10+02:00 </span></div>${BODY}</body></html>`;
    expect(extractArticle(html).publishedAt).toBe('2022-11-23T06:10:00.000Z');
  });
});

describe('authors', () => {
  const by = (...list: [string, string][]): MetaCandidates => cands({ byline: list.map(([source, value]) => ({ source, value })) });

  it('takes the name out of an author bio, a byline with a date, and an e-mail', () => {
    expect(chooseByline(by(['byclass', 'Denise Everheart is a freelance writer, life-long meditator and recipe designer.']), null)).toBe('Denise Everheart');
    expect(chooseByline(by(['near', 'Ziyi Xu, Dec 17, 2025']), null)).toBe('Ziyi Xu');
    expect(chooseByline(by(['byclass', 'Newsdesk news@businessweekly.co.uk']), null)).toBe('Newsdesk');
    expect(chooseByline(by(['relauthor', 'Articles by Juliette']), null)).toBe('Juliette');
    // a name that starts with a month stays
    expect(chooseByline(by(['near', 'April Ryan']), null)).toBe('April Ryan');
  });

  it('rejects a template placeholder and a weekday', () => {
    expect(chooseByline(by(['meta:author', 'page.head.extra.author']), null)).toBeNull();
    expect(chooseByline(by(['byclass', 'Sat, 20 Dec, 2025 - 06:36']), null)).toBeNull();
  });

  it('prefers the name that independent sources agree on over a list from related-story cards', () => {
    const c = by(
      ['itemprop', 'By Thai Vong'], ['itemprop', 'By Ritish Chugh'], ['itemprop', 'By Grant Gross'],
      ['relauthor', 'Linda Rosencrance'], ['byclass', 'by Linda Rosencrance'], ['near', 'Linda Rosencrance'],
    );
    expect(chooseByline(c, null)).toBe('Linda Rosencrance');
  });

  it('gives several authors as the page shows them when the visible byline names them all', () => {
    const c = by(['ld', 'Jared Newman'], ['ld', 'Sam Singleton'], ['near', 'Jared Newman and Sam Singleton']);
    expect(chooseByline(c, null)).toBe('Jared Newman and Sam Singleton');
    expect(chooseByline(by(['ld', 'Jared Newman'], ['ld', 'Sam Singleton']), null)).toBe('Jared Newman, Sam Singleton');
  });

  it("takes an organization JSON-LD declares the author, even the site's own name, when no person is named", () => {
    const org = cands({ byline: [{ source: 'ldorg', value: 'Supermove' }], siteName: [{ source: 'ld', value: 'Supermove' }] });
    expect(chooseByline(org, null)).toBe('Supermove');
    const withPerson = cands({ byline: [{ source: 'ldorg', value: 'Levitate Media' }, { source: 'byclass', value: 'Liza Burke' }], siteName: [{ source: 'ld', value: 'Levitate Media' }] });
    expect(chooseByline(withPerson, null)).toBe('Liza Burke');
    // a person JSON-LD names on a site named after them
    const personal = cands({ byline: [{ source: 'ld', value: 'Anil Madhavapeddy' }, { source: 'near', value: 'Daniel Bünzli' }], siteName: [{ source: 'og', value: 'Anil Madhavapeddy' }] });
    expect(chooseByline(personal, null)).toBe('Anil Madhavapeddy');
    // ... but not an organization named like the site
    const orgSite = cands({ byline: [{ source: 'ld', value: 'British Heart Foundation' }, { source: 'near', value: 'Tracy Parker' }], siteName: [{ source: 'og', value: 'British Heart Foundation' }] });
    expect(chooseByline(orgSite, null)).toBe('Tracy Parker');
  });

  it('reads a "Written by" label, a script\'s author field and an author-box element', () => {
    const label = `<html><body><h1>Budget vote</h1>${BODY}<div class="box"><div>Written by</div><div>Jack Shepherd</div></div></body></html>`;
    expect(extractArticle(label).byline).toBe('Jack Shepherd');
    const script = `<html><head><script>var dataLayer_content = {"pagePostType":"page","pagePostAuthor":"Krystyna"};</script></head><body><h1>Budget vote</h1>${BODY}</body></html>`;
    expect(extractArticle(script).byline).toBe('Krystyna');
    const box = `<html><body><h1>Budget vote</h1>${BODY}<div class="elementor-author-box__text"><h4 class="elementor-author-box__name"> Liz Kenny </h4></div></body></html>`;
    expect(collect(box).byline).toContainEqual({ source: 'authorclass', value: 'Liz Kenny' });
  });

  it('reads the author organization from JSON-LD', () => {
    const html = `<html><head>${ld({ '@type': 'BlogPosting', headline: 'Budget vote', author: { '@type': 'Organization', name: 'ServiceTitan' }, publisher: { '@type': 'Organization', name: 'ServiceTitan' } })}</head><body><h1>Budget vote</h1>${BODY}</body></html>`;
    expect(extractArticle(html).byline).toBe('ServiceTitan');
  });
});
