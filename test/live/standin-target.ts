// The stand-in as a live-suite target, in this process: a default admin with a
// throwaway password, short tokens so renewal is seen in seconds, and, for the
// rate-limit check, SFTPGo's per-address limiter at one request a second.
import { randomBytes } from 'node:crypto';
import { startSftpgoServer } from '../support/sftpgo-server.js';
import type { BareServer } from './live-target.js';

/** The stand-in takes any lifetime; 20 s keeps the renewal check short and the others clear of it. */
export const STANDIN_LIFETIME_SECONDS = 20;
export const RATE_LIMIT = { average: 1, periodMs: 1000, burst: 1 };

export async function startStandinServer(options: { rateLimited?: boolean }): Promise<BareServer> {
  const admin = { username: 'admin', password: `Standin-${randomBytes(12).toString('base64url')}` };
  const server = await startSftpgoServer({
    lifetimeSeconds: STANDIN_LIFETIME_SECONDS,
    // Accounts the suite does not make itself are SFTPGo's defaults: no API keys.
    admins: { [admin.username]: { password: admin.password, allowApiKeyAuth: false } },
    ...(options.rateLimited ? { rateLimit: RATE_LIMIT } : {}),
  });
  return { directUrl: server.url, admin, close: () => server.close() };
}
