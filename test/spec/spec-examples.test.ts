// The spec's examples of SFTPGo's answers are what SFTPGo says: each one is
// produced on the stand-in (whose answers the live suite holds to the real
// server's) and compared. The Prism mock serves these examples, and the docs
// show them, so a wrong one misleads users twice.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSftpgoServer, type SftpgoServer } from '../support/sftpgo-server.js';

type Examples = Record<string, { value?: unknown }>;
interface Spec {
  components: { responses: Record<string, { content: { 'application/json': { example?: unknown; examples?: Examples } } }> };
}
const spec = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as Spec;
const json = (name: string) => spec.components.responses[name]!.content['application/json'];
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let s: SftpgoServer;
let clockMs = Date.parse('2026-06-01T12:00:00Z');
beforeAll(async () => {
  s = await startSftpgoServer({
    now: () => clockMs,
    admins: { admin: { password: 'adminpw' } },
    users: { alice: { password: 'alicepw' } },
    apiKeys: { 'kid.secret': { realm: 'admin', username: 'admin' } },
  });
});
afterAll(() => s.close());

async function body(path: string, headers: Record<string, string>): Promise<unknown> {
  return (await fetch(`${s.url}${path}`, { headers })).json();
}
async function token(path: string, user: string, password: string): Promise<string> {
  return ((await body(path, { authorization: basic(user, password) })) as { access_token: string }).access_token;
}
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('examples in openapi.yaml', () => {
  it('InvalidToken: revoked, audience and expired are what the server answers', async () => {
    const examples = json('InvalidToken').examples!;
    const admin = await token('/token', 'admin', 'adminpw');
    expect(await body('/user/profile', bearer(admin))).toEqual(examples.audience!.value);
    const revoked = await token('/user/token', 'alice', 'alicepw');
    await body('/user/logout', bearer(revoked));
    expect(await body('/user/profile', bearer(revoked))).toEqual(examples.revoked!.value);
    const old = await token('/token', 'admin', 'adminpw');
    clockMs += 1200_000 + 31_000; // past the lifetime and SFTPGo's 30 s leeway
    expect(await body('/version', bearer(old))).toEqual(examples.expired!.value);
  });

  it('LoggedOut and BadRequest are what logout and a malformed API key get', async () => {
    const admin = await token('/token', 'admin', 'adminpw');
    expect(await body('/logout', bearer(admin))).toEqual(json('LoggedOut').example);
    expect(await body('/version', { 'x-sftpgo-api-key': 'malformed' })).toEqual(json('BadRequest').example);
  });

  it('BadCredentials: a wrong password and no Basic header', async () => {
    const examples = json('BadCredentials').examples!;
    expect(await body('/token', { authorization: basic('admin', 'wrong') })).toEqual(examples.invalidCredentials!.value);
    expect(await body('/token', {})).toEqual(examples.noCredentials!.value);
  });
});
