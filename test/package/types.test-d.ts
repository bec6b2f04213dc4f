// Compile-time guarantees of the public API, checked by `vitest` typecheck
// (tsc over tsconfig.json): nothing here runs. Every `@ts-expect-error` line has
// a compiling twin next to it, so each one fails for the reason it names and
// not by accident (a `@ts-expect-error` is satisfied by any error on its line).
//
// openapi.yaml's operations have no required parameter nor body, so those cases
// use the types generated from test/fixtures/sftpgo-like.yaml (shaped like
// SFTPGo's complete document), committed in test/fixtures/generated/ by
// `npm run generate`.
import { describe, expectTypeOf, test } from 'vitest';
import {
  createSftpgoClient,
  type components,
  type OperationKey,
  type paths,
  type SecurityMap,
  type SftpgoClient,
  type Token,
  type TransferProgress,
} from '../../src/index.js';
import { securityMap as packageSecurityMap } from '../../generated/security.js';
import type { components as FixtureComponents, paths as FixturePaths } from '../fixtures/generated/openapi.js';
import { securityMap as fixtureSecurityMap } from '../fixtures/generated/security.js';

const options = { baseUrl: 'https://sftpgo.example.com/api/v2', admin: { username: 'admin', password: 'secret' } };

describe('the client typed by openapi.yaml', () => {
  const client = createSftpgoClient(options);

  test('createSftpgoClient returns an SftpgoClient of the spec paths', () => {
    expectTypeOf(client).toEqualTypeOf<SftpgoClient>();
  });

  test('getToken() and getUserToken() resolve to the generated Token schema', () => {
    expectTypeOf(client.getToken()).resolves.toEqualTypeOf<components['schemas']['Token']>();
    expectTypeOf(client.getUserToken()).resolves.toEqualTypeOf<components['schemas']['Token']>();
    expectTypeOf<Token>().toEqualTypeOf<components['schemas']['Token']>();
    expectTypeOf<Token['access_token']>().toEqualTypeOf<string>();
  });

  test('a path the spec does not have is an error', async () => {
    await client.GET('/version');
    // @ts-expect-error -- '/nope' is no path of the spec
    await client.GET('/nope');
  });

  test('a method the path does not have is an error', async () => {
    await client.GET('/token');
    // @ts-expect-error -- /token has GET only
    await client.POST('/token');
  });

  test('data is the 2xx schema, error the error schemas; an unknown field is an error', async () => {
    const { data, error } = await client.GET('/version');
    expectTypeOf(data).toEqualTypeOf<components['schemas']['VersionInfo'] | undefined>();
    expectTypeOf(error).toEqualTypeOf<components['schemas']['ApiResponse'] | undefined>();
    if (data) {
      expectTypeOf(data.version).toEqualTypeOf<string | undefined>();
      // @ts-expect-error -- VersionInfo has no `nope`
      void data.nope;
    }
  });

  test('await using: the client is AsyncDisposable, its dispose resolves to nothing (issue 14)', async () => {
    expectTypeOf(client[Symbol.asyncDispose]).toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<SftpgoClient>().toExtend<AsyncDisposable>();
    {
      await using scoped = createSftpgoClient(options);
      expectTypeOf(scoped).toEqualTypeOf<SftpgoClient>();
    }
    {
      // @ts-expect-error -- an object without [Symbol.asyncDispose] cannot be used so
      await using plain = { GET: client.GET };
      void plain;
    }
  });

  test('tokenInfo takes a realm', () => {
    expectTypeOf(client.tokenInfo).parameter(0).toEqualTypeOf<'admin' | 'user'>();
    // @ts-expect-error -- 'root' is no realm
    client.tokenInfo('root');
  });
});

describe('a client typed by other paths (the sftpgo-like fixture)', () => {
  const client = createSftpgoClient<FixturePaths>({ ...options, securityMap: fixtureSecurityMap });

  test('a missing required path parameter is an error', async () => {
    await client.GET('/admins/{username}', { params: { path: { username: 'admin' } } });
    // @ts-expect-error -- `params.path.username` is required
    await client.GET('/admins/{username}');
    // @ts-expect-error -- `params.path.username` is required
    await client.GET('/admins/{username}', { params: { path: {} } });
  });

  test('a missing required query parameter is an error, a wrong-typed one too', async () => {
    await client.GET('/user/files', { params: { query: { path: '/reports/a.csv' } } });
    await client.GET('/users', { params: { query: { limit: 10 } } });
    // @ts-expect-error -- `params.query.path` is required
    await client.GET('/user/files', { params: { query: {} } });
    // @ts-expect-error -- `limit` is an integer
    await client.GET('/users', { params: { query: { limit: '10' } } });
  });

  test('a required body must be given and match its schema', async () => {
    const { data } = await client.POST('/users', { body: { username: 'bob' } });
    expectTypeOf(data!.home_dir).toEqualTypeOf<FixtureComponents['schemas']['User']['home_dir']>();
    await client.PUT('/user/profile', { body: { email: 'alice@example.com' } });
    // @ts-expect-error -- the body is required
    await client.POST('/users');
    // @ts-expect-error -- `email` is a string
    await client.PUT('/user/profile', { body: { email: 42 } });
    // @ts-expect-error -- `username` is a string
    await client.POST('/users', { body: { username: 42 } });
  });

  test('the fixture paths are not the openapi.yaml paths', async () => {
    await client.GET('/healthz');
    // @ts-expect-error -- /user/shares has no GET in the fixture (`{}` so the error is the path, not the arity)
    await client.GET('/user/shares', {});
  });
});

describe('a security map that does not fit the types is a compile error (issue 10)', () => {
  test('the generated map is a SecurityMap of exactly its spec\'s operations', () => {
    expectTypeOf(fixtureSecurityMap).toMatchTypeOf<SecurityMap<OperationKey<FixturePaths>>>();
    expectTypeOf(packageSecurityMap).toMatchTypeOf<SecurityMap<OperationKey<paths>>>();
    expectTypeOf<OperationKey<FixturePaths>>().toEqualTypeOf<keyof typeof fixtureSecurityMap.operations>();
  });

  test('other paths need their map, and the map of other paths will not do', () => {
    createSftpgoClient<FixturePaths>({ ...options, securityMap: fixtureSecurityMap });
    // @ts-expect-error -- another spec's paths without its security map
    createSftpgoClient<FixturePaths>(options);
    // @ts-expect-error -- the package's own map lacks the fixture's operations
    createSftpgoClient<FixturePaths>({ ...options, securityMap: packageSecurityMap });
  });
});

describe('progress callbacks are typed on every call (issue 17)', () => {
  const client = createSftpgoClient<FixturePaths>({ ...options, securityMap: fixtureSecurityMap });

  test('onUploadProgress and onDownloadProgress take a TransferProgress', async () => {
    await client.POST('/user/files/upload', {
      params: { query: { path: '/a' } },
      body: new Uint8Array([1]),
      onUploadProgress: (p) => expectTypeOf(p).toEqualTypeOf<TransferProgress>(),
    });
    await client.GET('/users', { onDownloadProgress: ({ percent }) => void percent.toFixed(0) });
    // @ts-expect-error -- the callback takes a TransferProgress, not a number
    await client.GET('/users', { onDownloadProgress: (p: number) => p });
    // @ts-expect-error -- a callback, not a flag
    await client.GET('/users', { onUploadProgress: true });
  });

  test('binary bodies accept bytes, Blobs and streams; binary answers are Blob', async () => {
    const file = new Blob(['x']);
    await client.POST('/user/files/upload', { params: { query: { path: '/a' } }, body: file });
    await client.POST('/user/files/upload', { params: { query: { path: '/a' } }, body: new ReadableStream<Uint8Array>() });
    await client.POST('/user/files', { params: { query: { path: '/' } }, body: new FormData() });
    // @ts-expect-error -- a raw upload is bytes, not a JSON object
    await client.POST('/user/files/upload', { params: { query: { path: '/a' } }, body: { name: 'a' } });
    const { data } = await client.GET('/user/files', { params: { query: { path: '/a' } } });
    expectTypeOf(data).toEqualTypeOf<Blob | undefined>();
    const streamed = await client.GET('/user/files', { params: { query: { path: '/a' } }, parseAs: 'stream' });
    expectTypeOf(streamed.data).toEqualTypeOf<Response['body'] | undefined>();
  });
});
