import type { Block } from './text.js';

export function preClean(_doc: Document): void {}
export function recoverLead(_doc: Document): Block[] { return []; }
export function cleanBlocks(blocks: Block[], _ctx: { title: string | null; lead: Block[] }): Block[] { return blocks; }
