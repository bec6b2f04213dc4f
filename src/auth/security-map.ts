/**
 * What the client knows of each operation, generated from the spec by
 * `sftpgo-client generate` (openapi-typescript leaves `security` and media
 * types out of its types, issue 2). The client's own contract: the generated
 * `security.d.ts` declares the same shape without importing it, so generated
 * code never depends back on `src/`.
 */

export interface SchemeInfo {
  type: 'basic' | 'bearer' | 'apiKey' | 'other';
  /** Header name, for an API key in a header. */
  header?: string;
}

/**
 * How a body travels. Left out for JSON, the common case. `binary`: the bytes
 * as given (`format: binary`, `application/octet-stream`, `*\/*`, SFTPGo's
 * `application/*`); `multipart`: a `FormData`; `form`: URL-encoded; `text`: a string.
 */
export type MediaKind = 'binary' | 'multipart' | 'form' | 'text';

export interface OperationInfo {
  operationId?: string;
  /** SFTPGo's audience: `/user/...` paths take user tokens, every other path admin tokens. */
  realm: 'admin' | 'user';
  /** Alternatives, in spec order; each lists the schemes that must all be sent. `[]`: no auth. */
  security: string[][];
  /** Set when the operation takes Basic credentials and answers a `Token`: it issues tokens. */
  issuesToken?: true;
  /** A server that replaces the document's for this operation (SFTPGo's `/healthz`). */
  server?: string;
  /** The request body's media, when it is not JSON (issue 11). */
  body?: MediaKind;
  /** The success answer's media, when it is not JSON: how the client reads it by default (issue 11). */
  answer?: 'binary' | 'text';
}

/**
 * `Key` is the union of `METHOD /path` keys the map covers: the map generated
 * with a spec's types covers exactly that spec's operations, so passing another
 * spec's map is a compile error (issue 10).
 */
export interface SecurityMap<Key extends string = string> {
  schemes: Record<string, SchemeInfo>;
  operations: Record<Key, OperationInfo>;
  tokenOperations: Partial<Record<'admin' | 'user', string>>;
}

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/**
 * Every `METHOD /path` of an openapi-typescript `paths` type, as the security map keys them.
 *
 * @example
 * type Keys = OperationKey<paths>; // 'GET /token' | 'GET /user/token' | ...
 */
export type OperationKey<Paths> = {
  [P in keyof Paths & string]: {
    [M in keyof Paths[P] & HttpMethod]: Paths[P][M] extends undefined ? never : `${Uppercase<M>} ${P}`;
  }[keyof Paths[P] & HttpMethod];
}[keyof Paths & string];
