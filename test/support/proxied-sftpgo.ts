/**
 * The stateful SFTPGo stand-in behind Prism's validating proxy: the client
 * talks to Prism, which forwards to the server and turns any request or answer
 * that strays from openapi.yaml into an error. Lifecycle tests use this so the
 * stand-in cannot drift from the spec without a test noticing.
 */
import { fileURLToPath } from 'node:url';
import { startPrism, type PrismHandle } from './prism.js';
import { startSftpgoServer, type SftpgoServer, type SftpgoServerOptions } from './sftpgo-server.js';

const SPEC = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

export interface ProxiedSftpgo {
  /** The client's base URL: Prism's root (Prism ignores the spec's /api/v2). */
  baseUrl: string;
  server: SftpgoServer;
  close(): Promise<void>;
}

export async function startProxiedSftpgo(options: SftpgoServerOptions): Promise<ProxiedSftpgo> {
  const server = await startSftpgoServer(options);
  let prism: PrismHandle;
  try {
    prism = await startPrism({ spec: SPEC, mode: 'proxy', upstream: server.url, errors: true });
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    baseUrl: prism.url,
    server,
    async close() {
      await prism.stop();
      await server.close();
    },
  };
}

/** From now on, how many requests `METHOD /path` the stand-in behind `sftpgo` has received. */
export function requestCounter(sftpgo: ProxiedSftpgo): (key: string) => number {
  const before = sftpgo.server.counts();
  return (key) => (sftpgo.server.counts()[key] ?? 0) - (before[key] ?? 0);
}
