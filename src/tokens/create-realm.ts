import { createTokenCache, type HeldToken, type TokenCache } from './token-cache.js';
import { createOtpSource, type OtpSource } from './create-otp-source.js';
import { SftpgoConfigError } from '../errors/sftpgo-config-error.js';
import type { Realm, SftpgoClientOptions, TokenEvent } from '../options/sftpgo-client-options.js';
import type { ServerClock } from './server-clock.js';

export interface RealmState {
  realm: Realm;
  /** Username and password, when configured. */
  credentials: { username: string; password: string } | undefined;
  /** Only when the realm has no credentials: the `accessToken` option. */
  staticToken: string | undefined;
  otp: OtpSource;
  tokens: TokenCache;
  emit(event: Omit<TokenEvent, 'realm'>): void;
  /** The client's scope ended: obtain no more tokens, so none outlives it. */
  dispose(): void;
}

export type ObtainToken = (
  realm: Realm,
  otp: string | undefined,
) => Promise<{ token: { access_token: string }; expiresAt: number; lifetimeMs: number; answer: AnswerTime }>;

/** A token answer's `Date` header, and when, on this machine's clock, its request left and it came back. */
export interface AnswerTime {
  date: string | null;
  sentAt: number;
  receivedAt: number;
}

// SFTPGo's default token lives 20 minutes: renew a minute early. Shorter tokens
// renew at 90% of their life, so a 1-minute token is not renewed twice a minute.
const DEFAULT_RENEW_MARGIN_MS = 60_000;
const DEFAULT_RENEW_FRACTION = 0.1;

/**
 * Everything one realm (admin or user) holds: its credentials, its one-time
 * codes and its token. A realm without credentials but with an `accessToken`
 * uses that token as given and says, when it is rejected, that nothing can renew it.
 */
export function createRealm(realm: Realm, options: SftpgoClientOptions, obtainToken: ObtainToken, clock: ServerClock): RealmState {
  const given = options[realm];
  const credentials = given ? { username: given.username, password: given.password } : undefined;
  const staticToken = credentials ? undefined : options.accessToken;
  // Never more than half the lifetime: a token serves at least half its life (issue 3).
  const marginFor = (lifetimeMs: number) =>
    options.renewMarginMs === undefined
      ? Math.min(DEFAULT_RENEW_MARGIN_MS, lifetimeMs * DEFAULT_RENEW_FRACTION)
      : Math.min(options.renewMarginMs, lifetimeMs / 2);
  const otp = createOtpSource(realm, given, clock);
  // Why the static token is gone, told by the drop's event: a logout by this
  // client is not a rejection by the server (issue 14, defect 5).
  let staticRevoked = false;
  const emit = (event: Omit<TokenEvent, 'realm'>) => {
    if (event.type === 'token-dropped' && staticToken) staticRevoked = event.reason === 'logout';
    // A failing hook (a closed log sink) must not cost the caller its token.
    try {
      options.onEvent?.({ ...event, realm });
    } catch {}
  };

  let disposed = false;
  async function obtain(): Promise<HeldToken> {
    if (disposed) {
      throw new SftpgoConfigError(`the client was disposed (its \`await using\` scope ended), so it obtains no ${realm} token; create a new client`);
    }
    if (!credentials) {
      throw new SftpgoConfigError(
        !staticToken
          ? `no ${realm} credentials are configured`
          : staticRevoked
            ? `the ${realm} access token was revoked by this client's logout, and no ${realm} credentials are configured to obtain another`
            : `the ${realm} access token was rejected or expired, and no ${realm} credentials are configured to renew it`,
      );
    }
    const renewing = tokens.peek() !== undefined;
    try {
      const { token, expiresAt, lifetimeMs, answer } = await obtainToken(realm, await otp());
      // Every token answer keeps the server's clock up to date for the next code.
      clock.learn(answer.date, answer.sentAt, answer.receivedAt);
      const renewAt = expiresAt - marginFor(lifetimeMs);
      emit({ type: renewing ? 'token-renewed' : 'token-obtained', expiresAt: new Date(expiresAt) });
      return { token: token.access_token, expiresAt, renewAt, source: 'obtained' };
    } catch (error) {
      emit({ type: 'token-failed', reason: 'error' });
      throw error;
    }
  }

  const tokens = createTokenCache({
    obtain,
    now: Date.now,
    ...(staticToken
      ? { initial: { token: staticToken, expiresAt: Infinity, renewAt: Infinity, source: 'static' as const } }
      : {}),
  });

  return {
    realm,
    credentials,
    staticToken,
    otp,
    tokens,
    emit,
    dispose: () => {
      disposed = true;
    },
  };
}
