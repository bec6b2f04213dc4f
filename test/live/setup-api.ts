// The admin API calls the live suite makes to set itself up, by plain fetch
// straight to the server (no spec here describes them): users, admins, API
// keys, shares, files, 2FA. Everything made is recorded and deleted by
// cleanup(), newest first, whatever happened in between. Errors name the call
// and the server's message, never a password, key or token.
import { createCodeSource } from './totp-codes.js';

export class SetupFailed extends Error {
  override name = 'SetupFailed';
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface SetupApi {
  /** As the configured admin (a token it obtains and renews itself). */
  admin(method: string, path: string, body?: object): Promise<Answer>;
  /** With a bearer token of the suite's own accounts (enrolment, shares, setup uploads). */
  withToken(token: string, method: string, path: string, body?: BodyInit | object, headers?: Record<string, string>): Promise<Answer>;
  /** A token for an account the suite made, straight from the server. */
  tokenFor(realm: 'admin' | 'user', username: string, password: string, otp?: string): Promise<string>;
  /** Runs `undo` at cleanup; `label` names it if it fails. */
  remember(label: string, undo: () => Promise<void>): void;
  cleanup(): Promise<string[]>;
}

export function createSetupApi(init: { directUrl: string; admin: { username: string; password: string; totpSecret?: string } }): SetupApi {
  const base = init.directUrl.replace(/\/+$/, '');
  const code = init.admin.totpSecret ? createCodeSource(init.admin.totpSecret) : undefined;
  let held: { token: string; until: number } | undefined;
  const undo: Array<{ label: string; run: () => Promise<void> }> = [];

  async function send(method: string, path: string, authorization: string, body?: BodyInit | object, headers: Record<string, string> = {}): Promise<Answer> {
    const isJson = body !== undefined && !(body instanceof Uint8Array) && typeof body === 'object' && !(body instanceof FormData);
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization, ...(isJson ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body === undefined ? {} : { body: isJson ? JSON.stringify(body) : (body as BodyInit) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  async function tokenFor(realm: 'admin' | 'user', username: string, password: string, otp?: string): Promise<string> {
    const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const answer = await send('GET', realm === 'admin' ? '/token' : '/user/token', basic, undefined, otp ? { 'X-SFTPGO-OTP': otp } : {});
    if (answer.status !== 200 || typeof answer.body?.access_token !== 'string') {
      throw new SetupFailed(`${realm} ${username} could not log in (${answer.status} ${describe(answer)})`);
    }
    return answer.body.access_token as string;
  }

  async function adminToken(): Promise<string> {
    if (held && Date.now() < held.until) return held.token;
    const otp = code ? await code() : undefined;
    const token = await tokenFor('admin', init.admin.username, init.admin.password, otp);
    // SFTPGo's shortest tokens live a minute: renew well before, on this clock.
    held = { token, until: Date.now() + 30_000 };
    return token;
  }

  return {
    async admin(method, path, body) {
      let answer = await send(method, path, `Bearer ${await adminToken()}`, body);
      if (answer.status === 401) {
        held = undefined;
        answer = await send(method, path, `Bearer ${await adminToken()}`, body);
      }
      return answer;
    },
    withToken: (token, method, path, body, headers) => send(method, path, `Bearer ${token}`, body, headers),
    tokenFor,
    remember(label, run) {
      undo.push({ label, run });
    },
    async cleanup() {
      const problems: string[] = [];
      while (undo.length > 0) {
        const { label, run } = undo.pop()!;
        try {
          await run();
        } catch (error) {
          problems.push(`could not delete ${label}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return problems;
    },
  };
}

/** The server's own words about a failure: ApiResponse's message and error. */
export function describe(answer: Answer): string {
  const body = answer.body as { message?: unknown; error?: unknown } | undefined;
  const words = [body?.message, body?.error].filter((w) => typeof w === 'string' && w !== '');
  return words.length > 0 ? words.join(': ') : typeof answer.body === 'string' ? answer.body.slice(0, 200) : 'no message';
}

/** Fails setup unless the answer has one of the `expected` statuses. */
export function expectStatus(answer: Answer, expected: number[], what: string): Answer {
  if (!expected.includes(answer.status)) throw new SetupFailed(`${what}: ${answer.status} ${describe(answer)}`);
  return answer;
}
