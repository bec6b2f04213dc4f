import { SftpgoGenerateError } from '../errors/sftpgo-generate-error.js';

/**
 * Refuses a document the generator cannot turn into a working client: not
 * OpenAPI 3.0 or 3.1 (Swagger 2 has no `components`), no `paths`, or a
 * `$ref` to another file or URL (the generated code must not depend on what
 * a second document says at some later time).
 */
export function checkSpec(doc: unknown, source: string): void {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SftpgoGenerateError(`${source} is not an OpenAPI document (no object at its top)`);
  }
  const version = (doc as { openapi?: unknown; swagger?: unknown }).openapi;
  if (typeof version !== 'string' || !/^3\.[01]\.\d+$/.test(version)) {
    const found = version ?? ((doc as { swagger?: unknown }).swagger !== undefined ? `swagger ${String((doc as { swagger: unknown }).swagger)}` : 'none');
    throw new SftpgoGenerateError(`${source} is not OpenAPI 3.0 or 3.1 (openapi: ${String(found)})`);
  }
  const paths = (doc as { paths?: unknown }).paths;
  if (!paths || typeof paths !== 'object') throw new SftpgoGenerateError(`${source} has no paths`);
  const remote = findRemoteRef(doc);
  if (remote) throw new SftpgoGenerateError(`${source} has a remote $ref (${remote}); bundle it into one document first`);
}

function findRemoteRef(node: unknown): string | undefined {
  const stack = [node];
  while (stack.length) {
    const at = stack.pop();
    if (!at || typeof at !== 'object') continue;
    for (const [key, value] of Object.entries(at)) {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) return value;
      if (value && typeof value === 'object') stack.push(value);
    }
  }
  return undefined;
}
