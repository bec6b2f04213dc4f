// One route of the SFTPGo stand-in: method, path template, how it is
// authenticated, and what it answers.
import type { IncomingMessage } from 'node:http';
import type { Principal } from './standin-auth.js';
import { apiResponse, type Reply } from './standin-reply.js';
import type { Realm, StandinState } from './standin-state.js';

export type RouteAuth =
  /** Issues the realm's tokens from Basic credentials. */
  | { kind: 'token'; realm: Realm }
  /** Nothing checked here (share downloads check the share's own password). */
  | { kind: 'public' }
  /** A bearer token of the realm, or, with `apiKeys`, an API key acting in it. */
  | { kind: 'bearer'; realm: Realm; apiKeys: boolean };

export interface RouteContext {
  req: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Buffer;
  /** Set for `bearer` routes. */
  who: Principal;
  state: StandinState;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** e.g. `/users/{username}`, below the base path. */
  path: string;
  auth: RouteAuth;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

/** Thrown by a handler to answer `reply` at once; the server sends it. */
export class ReplyNow extends Error {
  constructor(readonly reply: Reply) {
    super(`answered ${reply.status}`);
  }
}

/** The JSON body as an object; anything else is answered 400, as SFTPGo does. */
export function jsonBody(ctx: RouteContext): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(ctx.body.toString('utf8') || 'null');
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new ReplyNow(apiResponse(400, '', 'invalid JSON body'));
}

/** A path template as a matcher: `{name}` takes one segment. */
export function matcher(template: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${source}$`);
  return (path) => {
    const match = regex.exec(path);
    if (!match) return undefined;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
  };
}
