/**
 * When a token stops being accepted, on this machine's clock. SFTPGo's
 * `expires_at` is on the server's clock, and so is the response's `Date`
 * header: their difference is the time left, whatever this machine's clock
 * says (issue 3, "clock-safe"). Counting that time from when the request was
 * sent, and taking off a second for `Date`'s whole-second resolution, errs
 * early, never late. Without a readable `Date` (a browser hides it across
 * origins unless the server exposes it) this machine's clock has to do.
 *
 * Returns undefined for an `expires_at` that does not parse or is not in the future.
 */
export function tokenExpiry(
  expiresAt: unknown,
  dateHeader: string | null,
  sentAt: number,
): { expiresAt: number; lifetimeMs: number } | undefined {
  if (typeof expiresAt !== 'string') return undefined;
  const serverExpiry = Date.parse(expiresAt);
  if (Number.isNaN(serverExpiry)) return undefined;
  const serverNow = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  const left = Number.isNaN(serverNow) ? serverExpiry - sentAt : serverExpiry - serverNow - 1000;
  if (!(left > 0)) return undefined;
  return { expiresAt: sentAt + left, lifetimeMs: left };
}
