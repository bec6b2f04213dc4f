/**
 * When a token stops being accepted, on this machine's clock. SFTPGo's
 * `expires_at` is on the server's clock, and so is the response's `Date`
 * header: their difference is the time left, whatever this machine's clock
 * says (issue 3, "clock-safe"). Counting that time from when the request was
 * sent, and taking off a second for `Date`'s whole-second resolution, errs
 * early, never late. Without a readable `Date` (a browser hides it across
 * origins unless the server exposes it) this machine's clock has to do.
 *
 * `expires_at` must be RFC 3339, as SFTPGo sends it (`2026-01-17T09:32:29Z`):
 * `Date.parse` also takes `"2099"` or `"12/31/2099"`, read in whatever zone the
 * runtime guesses, and such an answer is not SFTPGo's (issue 14, defect 4).
 *
 * When the answer cannot be used, `problem` says why, naming the field and
 * showing the value and how far in the past it is (issue 10): `expires_at` is
 * no secret. It is never the token.
 */
export function tokenExpiry(
  expiresAt: unknown,
  dateHeader: string | null,
  sentAt: number,
): { expiresAt: number; lifetimeMs: number } | { problem: string } {
  if (expiresAt === undefined || expiresAt === null) return { problem: 'the answer has no expires_at' };
  const shown = show(expiresAt);
  const serverExpiry = typeof expiresAt === 'string' ? parseRfc3339(expiresAt) : undefined;
  if (serverExpiry === undefined) {
    return { problem: `the answer's expires_at ${shown} is not an RFC 3339 date-time such as 2026-01-17T09:32:29Z` };
  }
  const serverNow = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  const byServer = !Number.isNaN(serverNow);
  const left = byServer ? serverExpiry - serverNow - 1000 : serverExpiry - sentAt;
  if (!(left > 0)) {
    const clock = byServer ? `the server's clock (its Date: ${show(dateHeader)})` : "this machine's clock (the answer has no readable Date)";
    const past = left + (byServer ? 1000 : 0);
    const when = past > 0 ? 'less than a second ahead, too close to use' : `${describeDuration(-past)} in the past`;
    return { problem: `the answer's expires_at ${shown} is ${when} by ${clock}` };
  }
  return { expiresAt: sentAt + left, lifetimeMs: left };
}

// RFC 3339 section 5.6: full-date "T" full-time, with "Z" or a numeric offset.
// Lowercase t and z are allowed there too.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch, or undefined for anything that is not an RFC 3339 date-time. */
export function parseRfc3339(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offsetHours = Number(match[9] ?? 0);
  const offsetMinutes = Number(match[10] ?? 0);
  // Second 60 is a leap second, which RFC 3339 allows.
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) {
    return undefined;
  }
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0 to 99 as 1900 to 1999.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined; // February 30th and the like
  date.setUTCHours(hour, minute, second, Number((match[7] ?? '0').slice(0, 3).padEnd(3, '0')));
  const offset = (match[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return date.getTime() - offset;
}

/** "3 s", "5 min", "2 h", "400 days": enough to tell a skewed clock from a stale cache. */
export function describeDuration(ms: number): string {
  if (ms < 1000) return 'less than a second';
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min`;
  if (ms < 172_800_000) return `${Math.floor(ms / 3_600_000)} h`;
  return `${Math.floor(ms / 86_400_000)} days`;
}

/** A value from the answer, quoted and short; control characters escaped by JSON. */
function show(value: unknown): string {
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : `(${value.length} characters, not shown)`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${JSON.stringify(value)} (a ${typeof value})`;
  return Array.isArray(value) ? '(an array)' : `(${value === null ? 'null' : `an ${typeof value}`})`;
}
