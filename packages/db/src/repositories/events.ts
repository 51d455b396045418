import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { EventFacts } from './events-view.js';

export interface EventMentionView extends EventFacts {
  eventId: number;
  kind: 'statement' | 'figure';
  content: string | null;
  articleId: number;
  publisher: string | null;
  title: string | null;
  publishedAt: Date | null;
  url: string | null;
  /** The claim's own words (the quoted or reported content), and the figure's wording. */
  claimText: string;
  wording: string | null;
  start: number;
  end: number;
}

/** Read-only queries over events and their mentions (the CLI and dashboard views). */
export class EventsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private base() {
    return this.db
      .selectFrom('event_mentions as m')
      .innerJoin('events as e', 'e.id', 'm.event_id')
      .innerJoin('articles as a', 'a.id', 'm.article_id')
      .innerJoin('claims as c', 'c.id', 'm.claim_id')
      .select([
        'e.id as eventId',
        'e.kind',
        'e.actor',
        'e.subject',
        'e.value',
        'e.low',
        'e.high',
        'e.qualifier',
        'e.occurred_on as occurredOn',
        'e.content',
        'a.id as articleId',
        'a.publisher',
        'a.title',
        'a.published_at as publishedAt',
        sql<string | null>`coalesce(a.final_url, a.url)`.as('url'),
        'c.content as claimText',
        // The figure's own words, from the claim's quantities at this mention's offsets.
        sql<string | null>`(select q->>'text' from jsonb_array_elements(c.quantities) q
                             where (q->>'start')::int = m.start and (q->>'end')::int = m.end limit 1)`.as('wording'),
        'm.start',
        'm.end',
      ]);
  }

  /** Every event mentioned by the articles of a story, with each mention. */
  async forStory(storyId: number): Promise<EventMentionView[]> {
    return this.base()
      .where('a.story_id', '=', storyId)
      .orderBy('e.kind')
      .orderBy('e.occurred_on')
      .orderBy('e.id')
      .orderBy('a.published_at')
      .execute() as Promise<EventMentionView[]>;
  }

  /**
   * Every figure whose subject matches one of the terms (case-insensitive, whole subject or
   * word within it), over time.
   */
  async figuresAbout(terms: string[]): Promise<EventMentionView[]> {
    const patterns = terms.map((t) => `%${t.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
    return this.base()
      .where('e.kind', '=', 'figure')
      .where(sql<boolean>`lower(e.subject) like any(${patterns}::text[])`)
      .orderBy('e.occurred_on')
      .orderBy('a.published_at')
      .orderBy('e.id')
      .execute() as Promise<EventMentionView[]>;
  }
}
