export { parseFeed, type ParsedFeed, type FeedEntry, type ParseFeedOptions } from './parse.js';
export { FeedParseError } from './errors.js';
export { parseFeedDate } from './dates.js';
export { htmlToText } from './text.js';
export { entryKey, entryArticleUrl } from './identity.js';
export { nextPollAt, freshnessMs, type PollScheduleInput, type PollSchedule } from './schedule.js';
export { discoverFeeds } from './discover.js';
export { parseOpml, toOpml, type OpmlFeed } from './opml.js';
export { parseFeedFile, parseFeedFiles, type FeedFileLine } from './files.js';
