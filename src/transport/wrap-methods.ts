import type { Client } from 'openapi-fetch';
import type { Transport } from './create-transport.js';
import { SftpgoError } from '../errors/sftpgo-error.js';
import { SftpgoNetworkError } from '../errors/sftpgo-network-error.js';
import { SftpgoProtocolError } from '../errors/sftpgo-protocol-error.js';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'request'] as const;

/**
 * Wraps the client's call methods so that each call ends its answer's watch
 * (`transport.settle`) once openapi-fetch has read the body, and so that what
 * can go wrong while reading it reaches the caller typed (issue 4): a 2xx body
 * that is not JSON (openapi-fetch lets JSON.parse's SyntaxError through) and a
 * connection lost mid-body (undici's TypeError). Timeouts and the caller's
 * abort already arrive as our error or the caller's reason.
 */
export function wrapMethods(client: Client<any>, transport: Transport): void {
  for (const name of METHODS) {
    const call = client[name] as (...args: any[]) => Promise<{ response: Response; data?: unknown }>;
    (client as any)[name] = async (...args: any[]) => {
      const [method, path, init] =
        name === 'request' ? [String(args[0]).toUpperCase(), String(args[1]), args[2]] : [name, String(args[0]), args[1]];
      try {
        const result = await call(...args);
        transport.settle(result.response, init?.parseAs === 'stream' ? 'stream' : undefined);
        return result;
      } catch (error) {
        if (error instanceof SftpgoError || (init?.signal?.aborted && error === init.signal.reason)) throw error;
        if (error instanceof SyntaxError) {
          // Not the parser's message: it quotes the body, which may hold a token.
          throw new SftpgoProtocolError({ method, path, problem: 'the answer is not valid JSON' });
        }
        // Reading the body failed (the connection dropped). Its message is not
        // kept: a TypeError from fetch may quote a header value.
        if (error instanceof TypeError) throw new SftpgoNetworkError({ method, path, cause: new Error('the answer was cut off') });
        throw error;
      }
    };
  }
}
