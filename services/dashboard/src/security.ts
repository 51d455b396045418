import type { FastifyInstance } from 'fastify';

/**
 * Our pages load nothing but themselves and their stylesheet: no script, no inline style, no
 * other host. Bull Board's page is a script bundle served from /queues/static that sets inline
 * styles; it too may reach no other host.
 */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
export const BOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'self'; frame-ancestors 'none'";

/** Content-Security-Policy, nosniff and no framing on every response, 401s and 404s included. */
export function securityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const board = req.url === '/queues' || req.url.startsWith('/queues/') || req.url.startsWith('/queues?');
    reply.header('content-security-policy', board ? BOARD_CSP : PAGE_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
}
