import type { Client, FetchResponse, MaybeOptionalInit, ParseAs } from 'openapi-fetch';
import type { ApiResponse } from '../errors/sftpgo-api-error.js';
import type { TransferOptions } from '../progress/transfer-progress.js';
import type { Realm, TokenInfo } from '../options/sftpgo-client-options.js';
import type { Token } from '../tokens/request-token.js';

export interface SftpgoMethods {
  /** Asks `/token` for a new admin token, every time. @example const { access_token } = await client.getToken() */
  getToken(init?: { otp?: string; signal?: AbortSignal }): Promise<Token>;
  /** Asks `/user/token` for a new user token, every time. */
  getUserToken(init?: { otp?: string; signal?: AbortSignal }): Promise<Token>;
  /**
   * Revokes the admin token the client holds and forgets it. No token held: no
   * request, resolves undefined. A token the server already refused counts as revoked.
   */
  logout(init?: { signal?: AbortSignal }): Promise<ApiResponse | undefined>;
  /** The same as `logout()`, for the user token. */
  clientLogout(init?: { signal?: AbortSignal }): Promise<ApiResponse | undefined>;
  /** What the client holds for a realm, without the token itself. */
  tokenInfo(realm: Realm): TokenInfo | undefined;
}

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
type PathsWithMethod<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: any } ? P : never;
}[keyof Paths];
type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

/** The content of an operation's 2xx answers. */
type SuccessContent<Op> = Op extends { responses: infer R }
  ? { [S in keyof R]: `${S & (string | number)}` extends `2${string}` ? (R[S] extends { content: infer C } ? C[keyof C] : never) : never }[keyof R]
  : never;

/**
 * openapi-fetch's answer, except that a binary answer read by default is the
 * `Blob` the client returns (issue 11): openapi-fetch maps every object type
 * of a response through its writeOnly filter, which turns `Blob` into a shape
 * no `Blob` value has. With `parseAs` openapi-fetch's own types are right.
 */
type SftpgoResponse<Op, Init> = Init extends { parseAs: ParseAs }
  ? FetchResponse<Op & Record<string | number, any>, Init, `${string}/${string}`>
  : [SuccessContent<Op>] extends [never]
    ? FetchResponse<Op & Record<string | number, any>, Init, `${string}/${string}`>
    : [SuccessContent<Op>] extends [Blob]
      ? WithData<FetchResponse<Op & Record<string | number, any>, Init, `${string}/${string}`>, Blob>
      : FetchResponse<Op & Record<string | number, any>, Init, `${string}/${string}`>;
type WithData<R, D> = R extends { data: any } ? Omit<R, 'data'> & { data: D } : R;

/** One of the client's call methods (`GET`, `POST`, ...), typed by the spec as openapi-fetch's are. */
export type SftpgoCallMethod<Paths, M extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, M>,
  Init extends MaybeOptionalInit<Paths[Path], M & keyof Paths[Path]> & TransferOptions,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<SftpgoResponse<Paths[Path][M & keyof Paths[Path]], Init>>;

type CallMethods<Paths> = {
  GET: SftpgoCallMethod<Paths, 'get'>;
  PUT: SftpgoCallMethod<Paths, 'put'>;
  POST: SftpgoCallMethod<Paths, 'post'>;
  DELETE: SftpgoCallMethod<Paths, 'delete'>;
  OPTIONS: SftpgoCallMethod<Paths, 'options'>;
  HEAD: SftpgoCallMethod<Paths, 'head'>;
  PATCH: SftpgoCallMethod<Paths, 'patch'>;
  TRACE: SftpgoCallMethod<Paths, 'trace'>;
};

/**
 * The openapi-fetch client typed by the spec's `paths`, plus SFTPGo's token methods.
 *
 * @example
 * const client: SftpgoClient<paths> = createSftpgoClient({ baseUrl, admin, securityMap });
 */
export type SftpgoClient<Paths extends {} = import('../../generated/openapi.js').paths> = Omit<Client<Paths>, keyof CallMethods<Paths>> &
  CallMethods<Paths> &
  SftpgoMethods;
