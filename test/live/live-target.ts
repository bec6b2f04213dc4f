// The server the live suite runs against, chosen from the environment:
// SFTPGO_URL (a running server, with admin credentials), SFTPGO_BIN (an
// installed sftpgo the suite starts itself), or neither: the stand-in, as CI
// runs it. Whatever the server, clients reach it through `prism proxy --errors`
// of openapi.yaml, and of the fixture spec for the operations only it has.
import { fileURLToPath } from 'node:url';
import { startPrism, type PrismHandle } from '../support/prism.js';
import { startBinaryServer } from './binary-target.js';
import { startStandinServer } from './standin-target.js';

const SPEC = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));
const FIXTURE_SPEC = fileURLToPath(new URL('../fixtures/sftpgo-like.yaml', import.meta.url));

export interface AdminCredentials {
  username: string;
  password: string;
  totpSecret?: string;
}

/** One server, with its proxies. */
export interface LiveServer {
  /** The client's baseUrl: Prism's validating proxy of openapi.yaml. */
  apiUrl: string;
  /** The same with the fixture spec, for upstream-shaped operations openapi.yaml lacks. */
  fixtureUrl: string;
  /** The server's own API root, for setup calls no spec here describes. */
  directUrl: string;
  admin: AdminCredentials;
  close(): Promise<void>;
}

export interface LiveTarget extends LiveServer {
  kind: 'stand-in' | 'binary' | 'url';
  /** For the summary: "SFTPGo at https://…", "the stand-in". */
  label: string;
  /**
   * Another server of the same kind with its rate limiter on, or the reason
   * there is none (a server the suite did not start keeps its own settings).
   */
  rateLimited(): Promise<LiveServer | string>;
}

/** A server the suite reaches directly, before its proxies. */
export interface BareServer {
  directUrl: string;
  admin: AdminCredentials;
  close(): Promise<void>;
}

export async function chooseTarget(env: NodeJS.ProcessEnv): Promise<LiveTarget> {
  if (env.SFTPGO_URL) {
    if (!env.SFTPGO_USERNAME || !env.SFTPGO_PASSWORD) throw new Error('SFTPGO_URL is set: SFTPGO_USERNAME and SFTPGO_PASSWORD (an admin) are needed too');
    const bare: BareServer = {
      directUrl: env.SFTPGO_URL.replace(/\/+$/, ''),
      admin: { username: env.SFTPGO_USERNAME, password: env.SFTPGO_PASSWORD, ...(env.SFTPGO_TOTP_SECRET ? { totpSecret: env.SFTPGO_TOTP_SECRET } : {}) },
      close: async () => {},
    };
    const server = await withProxies(bare);
    return {
      ...server,
      kind: 'url',
      label: `SFTPGo at ${bare.directUrl}`,
      rateLimited: async () => 'the suite does not change the settings of a server it did not start (run it with SFTPGO_BIN to check this)',
    };
  }
  if (env.SFTPGO_BIN) {
    const server = await withProxies(await startBinaryServer(env.SFTPGO_BIN, {}));
    return {
      ...server,
      kind: 'binary',
      label: `SFTPGo started from SFTPGO_BIN (${env.SFTPGO_BIN.split('/').at(-1)})`,
      rateLimited: async () => withProxies(await startBinaryServer(env.SFTPGO_BIN!, { rateLimited: true })),
    };
  }
  const server = await withProxies(await startStandinServer({}));
  return {
    ...server,
    kind: 'stand-in',
    label: 'the stand-in (test/support/sftpgo-server.ts)',
    rateLimited: async () => withProxies(await startStandinServer({ rateLimited: true })),
  };
}

/** Puts Prism's validating proxies, one per spec, in front of a server. */
async function withProxies(server: BareServer): Promise<LiveServer> {
  const started = await Promise.allSettled([
    startPrism({ spec: SPEC, mode: 'proxy', upstream: server.directUrl, errors: true }),
    startPrism({ spec: FIXTURE_SPEC, mode: 'proxy', upstream: server.directUrl, errors: true }),
  ]);
  const proxies = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const close = async () => {
    await Promise.all(proxies.map((p: PrismHandle) => p.stop()));
    await server.close();
  };
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { apiUrl: proxies[0]!.url, fixtureUrl: proxies[1]!.url, directUrl: server.directUrl, admin: server.admin, close };
}
