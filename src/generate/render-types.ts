import type ts from 'typescript';
import type { Json } from './deref.js';
import { loadPeer } from './load-peer.js';

type OpenapiTs = typeof import('openapi-typescript');

const REQUEST_BODY = String.raw`/(?:requestBody|requestBodies/[^/]+)/content/`;
const MULTIPART_SCHEMA = new RegExp(`${REQUEST_BODY}multipart~1form-data$`);
const BODY_SCHEMA = new RegExp(`${REQUEST_BODY}[^/]+$`);
const ANSWER_SCHEMA = /\/responses\/[^/]+\/content\/[^/]+$/;

/**
 * The openapi-typescript types of the spec, with bodies typed as the client
 * sends and reads them (issue 11): a binary request body is a `Blob`,
 * `Uint8Array` (so a `Buffer`) or `ReadableStream`; a multipart body is a
 * `FormData`; a binary answer is the `Blob` the client returns by default.
 * openapi-typescript types all of these as `string`, which would have the
 * client JSON-encode a file.
 */
export async function renderTypes(doc: Json): Promise<string> {
  const { default: openapiTS, astToString } = await loadPeer<OpenapiTs>('openapi-typescript');
  const { factory } = (await loadPeer<{ default: typeof ts }>('typescript')).default;
  const named = (name: string, ...args: ts.TypeNode[]) => factory.createTypeReferenceNode(name, args.length ? args : undefined);
  // What a binary request body may be: whatever fetch sends as bytes without a copy.
  const binaryBody = factory.createUnionTypeNode([named('Blob'), named('Uint8Array'), named('ReadableStream', named('Uint8Array'))]);
  const ast = await openapiTS(structuredClone(doc) as never, {
    alphabetize: false,
    exportType: false,
    silent: true,
    transform(schema, { path }) {
      if (!path) return undefined;
      // ".../requestBody/content/multipart~1form-data" (the media type's schema): the whole form.
      if (MULTIPART_SCHEMA.test(path)) return named('FormData');
      if (schema.format !== 'binary' || (schema as { type?: unknown }).type !== 'string') return undefined;
      if (BODY_SCHEMA.test(path)) return binaryBody;
      if (ANSWER_SCHEMA.test(path)) return named('Blob');
      return undefined;
    },
  });
  return astToString(ast);
}
