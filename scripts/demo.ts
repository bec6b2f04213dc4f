// `npm start`: the flow a user of sftpgo-client goes through, step by step,
// against a Prism mock of openapi.yaml started here on a free port, or against
// the SFTPGo server in SFTPGO_URL. Prints what each step sends and receives,
// with tokens shortened and passwords never shown.
//
//   npm start
//   SFTPGO_URL=https://sftpgo.example.com/api/v2 SFTPGO_USERNAME=admin SFTPGO_PASSWORD=... npm start
//
// Against a server: SFTPGO_USERNAME and SFTPGO_PASSWORD (admin), optional
// SFTPGO_OTP or SFTPGO_TOTP_SECRET (admin two-factor), SFTPGO_USER_USERNAME and
// SFTPGO_USER_PASSWORD (the user steps are skipped without them), optional
// SFTPGO_USER_OTP or SFTPGO_USER_TOTP_SECRET, and SFTPGO_ALLOW_INSECURE_HTTP=1
// for plain http to a host other than this machine.
import { fileURLToPath } from 'node:url';
import {
  createSftpgoClient,
  SftpgoConfigError,
  SftpgoError,
  type RealmCredentials,
  type SftpgoClientOptions,
  type TokenEvent,
  type TokenInfo,
} from '../src/index.js';
import { startFileServer, type FileServer } from '../test/support/file-server.js';
import { startPrism, type PrismHandle } from '../test/support/prism.js';
import { fileTransfer } from './demo/file-transfer.js';

const SPEC = fileURLToPath(new URL('../openapi.yaml', import.meta.url));
const env = process.env;

/** A user-facing problem with the setup, reported without a stack. */
class SetupError extends Error {}

interface Target {
  baseUrl: string;
  mock: boolean;
  admin: RealmCredentials;
  user: RealmCredentials | undefined;
  allowInsecureHttp: boolean;
  /** Why the explicit getToken()/getUserToken() steps cannot run, if they cannot. */
  singleCode: { admin?: string; user?: string };
}

let prism: PrismHandle | undefined;
let files: FileServer | undefined;
let stepNumber = 0;
let stepTitle = '';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

/** `eyJhbGciOi…5tw`: enough to tell tokens apart, too little to use one. */
function short(token: string): string {
  return token.length <= 16 ? '…' : `${token.slice(0, 10)}…${token.slice(-3)}`;
}

function step(title: string): void {
  stepNumber += 1;
  stepTitle = title;
  out();
  out(`Step ${stepNumber}. ${title}`);
}

function skip(title: string, why: string): void {
  step(title);
  out(`   skipped: ${why}`);
}

/** Shows a wait: a spinner on a terminal, one plain line otherwise; both on stderr. */
async function withProgress<T>(label: string, work: Promise<T>): Promise<T> {
  const started = Date.now();
  const seconds = (): string => ((Date.now() - started) / 1000).toFixed(1);
  if (!process.stderr.isTTY) {
    process.stderr.write(`${label}…\n`);
    return work;
  }
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  const draw = (): void => {
    process.stderr.write(`\r${frames[frame++ % frames.length]} ${label}… ${seconds()} s`);
  };
  draw();
  const timer = setInterval(draw, 100);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    process.stderr.write('\r\x1b[K');
  }
}

/** The fetch the client sends with: prints each request and answer, credentials masked. */
function tracingFetch(baseUrl: string): (request: Request) => Promise<Response> {
  const root = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.startsWith(root) ? url.pathname.slice(root.length) || '/' : url.pathname;
    const sent = [describeAuthorization(request.headers.get('authorization'))];
    if (request.headers.has('x-sftpgo-otp')) sent.push('X-SFTPGO-OTP: ●●●●●● (one-time code, hidden)');
    if (request.headers.has('x-sftpgo-api-key')) sent.push('X-SFTPGO-API-KEY: (hidden)');
    out(`   → ${request.method} ${path}   ${sent.filter(Boolean).join(', ')}`);
    const response = await globalThis.fetch(request);
    out(`   ← ${response.status} ${response.statusText}`);
    return response;
  };
}

function describeAuthorization(header: string | null): string {
  if (!header) return 'no Authorization';
  const [scheme, value = ''] = header.split(' ');
  if (scheme?.toLowerCase() === 'basic') {
    const username = Buffer.from(value, 'base64').toString('utf8').split(':')[0];
    return `Authorization: Basic ${username}:●●●●●●●● (password hidden)`;
  }
  if (scheme?.toLowerCase() === 'bearer') return `Authorization: Bearer ${short(value)}`;
  return `Authorization: ${scheme} (hidden)`;
}

function describeEvent(event: TokenEvent): string {
  const when = event.expiresAt ? `, used until ${event.expiresAt.toISOString()}` : '';
  const why = event.reason ? ` (${event.reason})` : '';
  return `   event: ${event.type} for the ${event.realm} realm${why}${when}`;
}

function describeInfo(info: TokenInfo | undefined): string {
  if (!info) return 'no token held';
  if (info.source === 'static') return 'a static token from the options';
  return `a token it obtained, expires ${info.expiresAt?.toISOString()}, renews from ${info.renewAt?.toISOString()}`;
}

function credentialsFromEnv(prefix: string, required: boolean): { credentials?: RealmCredentials; singleCode?: string } {
  const username = env[`${prefix}USERNAME`];
  const password = env[`${prefix}PASSWORD`];
  if (!username || !password) {
    if (required) throw new SetupError(`SFTPGO_URL is set, so ${prefix}USERNAME and ${prefix}PASSWORD are needed too`);
    return {};
  }
  const totpSecret = env[`${prefix}TOTP_SECRET`];
  const otp = env[`${prefix}OTP`];
  if (totpSecret) return { credentials: { username, password, totpSecret } };
  if (otp) {
    // One code is good for one token request: leave it to the client's own.
    return {
      credentials: { username, password, otp },
      singleCode: `${prefix}OTP is one code, good for one token request; the bearer call below uses it (set ${prefix}TOTP_SECRET to run every step)`,
    };
  }
  return { credentials: { username, password } };
}

async function chooseTarget(): Promise<Target> {
  const url = env.SFTPGO_URL;
  if (url) {
    const admin = credentialsFromEnv('SFTPGO_', true);
    const user = credentialsFromEnv('SFTPGO_USER_', false);
    return {
      baseUrl: url.replace(/\/+$/, ''),
      mock: false,
      admin: admin.credentials!,
      user: user.credentials,
      allowInsecureHttp: env.SFTPGO_ALLOW_INSECURE_HTTP === '1' || env.SFTPGO_ALLOW_INSECURE_HTTP === 'true',
      singleCode: {
        ...(admin.singleCode ? { admin: admin.singleCode } : {}),
        ...(user.singleCode ? { user: user.singleCode } : {}),
      },
    };
  }
  prism = await withProgress('Starting a Prism mock of openapi.yaml', startPrism({ spec: SPEC, mode: 'mock' }));
  return {
    baseUrl: prism.url,
    mock: true,
    admin: { username: 'admin', password: 'password' },
    user: { username: 'alice', password: 'password' },
    allowInsecureHttp: false,
    singleCode: {},
  };
}

async function run(): Promise<void> {
  const target = await chooseTarget();
  out('sftpgo-client demo');
  if (target.mock) {
    out(`Server: a Prism mock of openapi.yaml at ${target.baseUrl} (Prism ignores the spec's /api/v2 base).`);
    out('The mock only checks that credentials are present: it accepts any username and password');
    out('(here admin and alice, password "password") and always answers the spec\'s example tokens.');
  } else {
    out(`Server: ${target.baseUrl}`);
    out(`Admin ${target.admin.username}${target.user ? `, user ${target.user.username}` : ', no user credentials (user steps skipped)'}.`);
  }

  const base: SftpgoClientOptions = {
    baseUrl: target.baseUrl,
    allowInsecureHttp: target.allowInsecureHttp,
    fetch: tracingFetch(target.baseUrl),
  };
  const client = createSftpgoClient({
    ...base,
    admin: target.admin,
    ...(target.user ? { user: target.user } : {}),
    onEvent: (event) => out(describeEvent(event)),
  });
  /** Tokens asked for explicitly: the client does not hold them, so they are revoked at the end. */
  const explicit: { admin?: string; user?: string } = {};

  if (target.singleCode.admin) skip('Admin token: client.getToken()', target.singleCode.admin);
  else {
    step('Admin token: client.getToken() asks /token with Basic credentials');
    const token = await client.getToken();
    explicit.admin = token.access_token;
    out(`   access_token ${short(token.access_token)}`);
    out(`   expires_at   ${token.expires_at}`);
  }

  if (!target.user) skip('User token: client.getUserToken()', 'no SFTPGO_USER_USERNAME and SFTPGO_USER_PASSWORD');
  else if (target.singleCode.user) skip('User token: client.getUserToken()', target.singleCode.user);
  else {
    step('User token: client.getUserToken() asks /user/token with Basic credentials');
    const token = await client.getUserToken();
    explicit.user = token.access_token;
    out(`   access_token ${short(token.access_token)}`);
    out(`   expires_at   ${token.expires_at}`);
  }

  step("Bearer call (admin): client.GET('/version'); the client obtains an admin token itself and keeps it");
  const version = await client.GET('/version');
  if (!version.data) throw new Error(`GET /version answered ${version.response.status}`);
  out(`   version ${version.data.version}, built ${version.data.build_date}, commit ${version.data.commit_hash}`);
  out("   again: client.GET('/version') reuses the token it holds (no new /token request)");
  await client.GET('/version');

  if (!target.user) skip("Bearer call (user): client.GET('/user/profile')", 'no user credentials');
  else {
    step("Bearer call (user): client.GET('/user/profile') with a user token the client obtains");
    const profile = await client.GET('/user/profile');
    if (!profile.data) throw new Error(`GET /user/profile answered ${profile.response.status}`);
    out(`   email ${profile.data.email ?? '(none)'}, description ${JSON.stringify(profile.data.description ?? '')}`);
  }

  if (!target.user) skip('A file up and down, with progress', 'no user credentials');
  else {
    step('A file up and down, with progress: onUploadProgress and onDownloadProgress');
    if (target.mock) {
      files = await startFileServer();
      out(`   (to a local stand-in for SFTPGo's file operations at ${files.url}: Prism cannot keep a file)`);
    }
    await fileTransfer({ baseUrl: files?.url ?? target.baseUrl, user: target.user, allowInsecureHttp: target.allowInsecureHttp, accessToken: explicit.user }, out);
  }

  step('Token info: client.tokenInfo(realm) tells what the client holds, never the token itself');
  out(`   admin: ${describeInfo(client.tokenInfo('admin'))}`);
  out(`   user:  ${describeInfo(client.tokenInfo('user'))}`);

  step('Logout (admin): client.logout() revokes the admin token the client holds');
  const loggedOut = await client.logout();
  out(`   server: ${loggedOut?.message ?? '(nothing was held, nothing sent)'}`);
  out(`   admin now: ${describeInfo(client.tokenInfo('admin'))}`);
  if (explicit.admin) {
    out('   and the token from step 1, with a client made from it:');
    out('   createSftpgoClient({ baseUrl, accessToken }).logout()');
    const result = await createSftpgoClient({ ...base, accessToken: explicit.admin }).logout();
    out(`   server: ${result?.message ?? '(nothing sent)'}`);
  }

  if (!target.user) skip('User logout: client.clientLogout()', 'no user credentials');
  else {
    step('User logout: client.clientLogout() revokes the user token the client holds');
    const result = await client.clientLogout();
    out(`   server: ${result?.message ?? '(nothing was held, nothing sent)'}`);
    out(`   user now: ${describeInfo(client.tokenInfo('user'))}`);
    if (explicit.user) {
      out('   and the token from step 2: createSftpgoClient({ baseUrl, accessToken }).clientLogout()');
      const again = await createSftpgoClient({ ...base, accessToken: explicit.user }).clientLogout();
      out(`   server: ${again?.message ?? '(nothing sent)'}`);
    }
  }

  out();
  out(`Done: ${stepNumber} steps.`);
}

async function stopMock(): Promise<void> {
  const handle = prism;
  prism = undefined;
  await files?.close();
  files = undefined;
  if (handle) await handle.stop();
}

// Ctrl-C: stop the mock and end as interrupted (test/support/prism.ts also
// kills it on SIGINT; with two listeners it leaves the exit to us).
process.on('SIGINT', () => {
  process.stderr.write('\ndemo: interrupted; stopping the mock\n');
  void stopMock().finally(() => process.exit(130));
});

let exitCode = 0;
try {
  await run();
} catch (error) {
  exitCode = error instanceof SetupError || error instanceof SftpgoConfigError ? 2 : 1;
  const where = stepNumber > 0 ? ` at step ${stepNumber} (${stepTitle.split(':')[0]})` : '';
  // Library errors name no secret; others are shown by name and first line, without a stack.
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const name = error instanceof SftpgoError || error instanceof SetupError ? '' : error instanceof Error ? `${error.name}: ` : '';
  process.stderr.write(`demo: failed${where}: ${name}${message}\n`);
} finally {
  if (prism) {
    await stopMock();
    out('Mock stopped.');
  }
}
process.exitCode = exitCode;
