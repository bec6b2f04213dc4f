import type { Client } from 'openapi-fetch';
import type { SecurityMap } from '../auth/security-map.js';
import { SftpgoError } from '../errors/sftpgo-error.js';
import { SftpgoNetworkError } from '../errors/sftpgo-network-error.js';
import { SftpgoProtocolError } from '../errors/sftpgo-protocol-error.js';
import type { RealmState } from '../tokens/create-realm.js';
import type { Transport } from '../transport/create-transport.js';
import type { CallContexts, CallRequest } from './call-context.js';
import { callProgress } from './call-progress.js';
import { isStream, mediaDefaults } from './media-defaults.js';
import { countDownload } from '../progress/count-download.js';
import type { ProgressReporter } from '../progress/create-progress-reporter.js';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'request'] as const;

type Result = { response: Response; data?: unknown; error?: unknown };

/**
 * Wraps the client's call methods around openapi-fetch. Each call:
 * - gets the defaults its operation's media types ask for (issue 11);
 * - is sent through a per-call fetch, so the auth middleware and the
 *   transport know which call a request belongs to;
 * - answered 401 to a token the client presented, drops that token and runs
 *   again once, as a whole: every middleware sees the replay, and the body is
 *   serialized again from what the caller gave, not copied (issues 3, 14);
 *   a stream body cannot be sent twice, so its 401 is the answer (issue 11);
 * - ends its answer's watch (`transport.settle`) once openapi-fetch has read
 *   the body, and what goes wrong while reading it reaches the caller typed
 *   (issue 4).
 */
export function wrapMethods(
  client: Client<any>,
  init: {
    transport: Transport;
    map: SecurityMap;
    contexts: CallContexts;
    /** What each request of a call is, for the transport and error messages. */
    requests: WeakMap<Request, CallRequest>;
  },
): void {
  // A counted answer (download progress) and the transport's own, which `settle` knows.
  const answered = new WeakMap<Response, Response>();
  for (const name of METHODS) {
    const call = client[name] as (...args: any[]) => Promise<Result>;
    (client as any)[name] = async (...args: any[]) => {
      const isRequest = name === 'request';
      const method = isRequest ? String(args[0]).toUpperCase() : name;
      const path = String(args[isRequest ? 1 : 0]);
      const given = args[isRequest ? 2 : 1] as Record<string, any> | undefined;
      const key = `${method} ${path}`;
      // The call's controller: the request carries its signal from the start, so
      // the transport sends it as it is; it follows the caller's signal.
      const controller = new AbortController();
      const callerSignal = given?.signal as AbortSignal | undefined;
      const follow = () => controller.abort(callerSignal!.reason);
      if (callerSignal?.aborted) follow();
      else callerSignal?.addEventListener('abort', follow, { once: true });
      const progress = callProgress(mediaDefaults(init.map.operations[key], given), (reason) => controller.abort(reason));
      const options: Record<string, any> = { ...progress.options, signal: controller.signal };
      const streamed = options.parseAs === 'stream';
      const oneShot = isStream(given?.body);
      // A Blob sent as given (a file, with fs.openAsBlob): the transport reads it again per attempt.
      const blob = !given?.bodySerializer && typeof Blob !== 'undefined' && given?.body instanceof Blob ? given.body : undefined;
      const send = (given?.fetch as Transport | undefined) ?? init.transport;
      // The same for every request of the call; the realm is known once the auth middleware ran.
      const sent: CallRequest = {
        path,
        owner: controller,
        blob,
        upload: progress.upload,
        oneShot,
        streamedAnswer: streamed,
        realm: undefined,
      };
      const once = async () => {
        const { fetch, context } = init.contexts.open(key, oneShot, (request) => {
          sent.realm = context.bearer?.realm;
          init.requests.set(request, sent);
          let answer = send(request);
          // Its status, in case its body breaks off: a 401 is a refused token all the same.
          if (context.bearer) answer = answer.then((response) => ((context.status = response.status), response));
          if (!progress.download) return answer;
          return answer.then((response) => {
            // Counted as read; the transport watches the answer it gave.
            const counted = countDownload(response, progress.download!);
            answered.set(counted, response);
            return counted;
          });
        });
        const callArgs = isRequest ? [args[0], args[1], { ...options, fetch }] : [args[0], { ...options, fetch }];
        let result: Result;
        try {
          result = await call(...callArgs);
        } catch (error) {
          // A 401 to our token whose body broke off: replayed like any 401 (issue 14).
          if (error instanceof TypeError && context.bearer && context.status === 401) return { result: undefined, context };
          throw error;
        }
        init.transport.settle(answered.get(result.response) ?? result.response, streamed ? 'stream' : undefined);
        return { result, context };
      };
      const cutOff = (): never => {
        throw new SftpgoNetworkError({ method, path, cause: new Error('the answer was cut off') });
      };
      try {
        const first = await once();
        const bearer = first.context.bearer;
        if (first.result && (first.result.response.status !== 401 || !bearer)) return first.result;
        // The token the server refused is the one this call presented.
        if (bearer!.realm.tokens.drop(bearer!.token)) bearer!.realm.emit({ type: 'token-dropped', reason: 'rejected' });
        if (oneShot) return first.result ?? cutOff();
        return (await once()).result ?? cutOff();
      } catch (error) {
        if (error instanceof SftpgoError || (given?.signal?.aborted && error === given.signal.reason)) throw error;
        if (error instanceof SyntaxError) {
          // Not the parser's message: it quotes the body, which may hold a token.
          throw new SftpgoProtocolError({ method, path, problem: "the answer is not valid JSON (to read it otherwise, pass parseAs: 'text', 'blob' or 'stream')" });
        }
        // Reading the body failed (the connection dropped). Its message is not
        // kept: a TypeError from fetch may quote a header value.
        if (error instanceof TypeError) throw new SftpgoNetworkError({ method, path, cause: new Error('the answer was cut off') });
        throw error;
      } finally {
        progress.close(streamed);
        // A streamed answer stays the caller's to abort.
        if (!streamed) callerSignal?.removeEventListener('abort', follow);
      }
    };
  }
}
