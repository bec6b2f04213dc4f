// Live check of SFTPGo's rate limiter, on a second server started with it on
// (one request a second per address): concurrent calls answered 429 with
// Retry-After are sent again no sooner than it says, and all succeed.
import { createSftpgoClient } from '../../../src/index.js';
import { ensure, ensureEqual, Skipped, type LiveCheck } from '../live-check.js';

const CALLS = 4;

export const rateLimitCheck: LiveCheck = {
  name: 'rate-limit',
  title: "a 429 with Retry-After from the server's rate limiter is waited out, then the call succeeds",
  async run(ctx) {
    const server = await ctx.target.rateLimited();
    if (typeof server === 'string') throw new Skipped(server);
    try {
      const client = createSftpgoClient({
        baseUrl: server.apiUrl,
        admin: server.admin,
        retry: { limit: CALLS + 2 },
        fetch: ctx.wire.fetch('client'),
      });
      const from = ctx.wire.entries.length;
      const results = await Promise.all(
        Array.from({ length: CALLS }, (_, i) => client.GET('/version', { headers: { 'X-Live-Call': String(i) } })),
      );
      ensureEqual(results.map((r) => r.response.status), Array(CALLS).fill(200), 'the calls, in the end');
      const wire = ctx.wire.entries.slice(from).filter((e) => e.path === '/version');
      const limited = wire.filter((e) => e.status === 429);
      ensure(limited.length > 0, 'the server never answered 429: is its rate limiter on?');
      for (const answer of limited) {
        const retryAfter = answer.responseHeaders?.['retry-after'];
        ensure(/^\d+$/.test(retryAfter ?? ''), `a 429 came without Retry-After in seconds (${retryAfter})`);
        const call = answer.headers['x-live-call'];
        const next = wire.find((e) => e.headers['x-live-call'] === call && e.sentAt > answer.sentAt);
        ensure(next, `call ${call} was not sent again after its 429`);
        const waited = next.sentAt - answer.answeredAt!;
        // Timers never fire early; a millisecond for the clock's rounding.
        ensure(waited >= Number(retryAfter) * 1000 - 1, `call ${call} was sent again after ${Math.round(waited)} ms; Retry-After said ${retryAfter} s`);
      }
      const example = limited[0]!;
      ctx.note(`${limited.length} answers 429 (Retry-After: ${example.responseHeaders?.['retry-after']}, X-Retry-In: ${example.responseHeaders?.['x-retry-in']}), each waited out`);
      await client.logout();
    } finally {
      await server.close();
    }
  },
};
