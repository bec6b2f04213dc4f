/**
 * Starts a server on 127.0.0.1 (never another address: tests stay on this
 * machine) on a port the system picks, and gives back its origin.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
