import { SftpgoGenerateError } from '../errors/sftpgo-generate-error.js';

/** A parsed OpenAPI document or any node of it. */
export type Json = Record<string, any>;

/**
 * Follows local `$ref`s (`#/components/...`) to the node they name. Remote
 * references were refused when the spec was loaded (`check-spec.ts`).
 */
export function deref(doc: Json, node: any): any {
  let seen = 0;
  while (node && typeof node.$ref === 'string') {
    if (++seen > 20) throw new SftpgoGenerateError(`$ref loop at ${node.$ref}`);
    const ref: string = node.$ref;
    if (!ref.startsWith('#/')) throw new SftpgoGenerateError(`only local $ref is supported, got ${ref}`);
    node = ref
      .slice(2)
      .split('/')
      .reduce((at: any, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return node;
}
