/**
 * Reads, from an OpenAPI 3 document, which credentials every operation takes.
 * openapi-typescript leaves `security` out of its types (issue 2), so this is
 * the one place that turns the spec's security into data for `src/`.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

import type { OperationInfo, SchemeInfo, SecurityMap } from './security-map-types.ts';

type Json = Record<string, any>;

function deref(doc: Json, node: any): any {
  let seen = 0;
  while (node && typeof node.$ref === 'string') {
    if (++seen > 20) throw new Error(`sftpgo-client generate: $ref loop at ${node.$ref}`);
    const ref: string = node.$ref;
    if (!ref.startsWith('#/')) throw new Error(`sftpgo-client generate: only local $ref is supported, got ${ref}`);
    node = ref
      .slice(2)
      .split('/')
      .reduce((at: any, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return node;
}

function schemeInfo(scheme: Json): SchemeInfo {
  if (scheme.type === 'http' && /^basic$/i.test(scheme.scheme)) return { type: 'basic' };
  if (scheme.type === 'http' && /^bearer$/i.test(scheme.scheme)) return { type: 'bearer' };
  if (scheme.type === 'apiKey' && scheme.in === 'header') return { type: 'apiKey', header: scheme.name };
  return { type: 'other' };
}

function answersToken(doc: Json, op: Json): boolean {
  const tokenSchema = doc.components?.schemas?.Token;
  if (!tokenSchema) return false;
  return Object.entries(op.responses ?? {}).some(([status, response]) => {
    if (!/^2/.test(status)) return false;
    const content = deref(doc, response)?.content ?? {};
    return Object.values<any>(content).some((media) => deref(doc, media?.schema) === tokenSchema);
  });
}

export function securityMap(doc: Json): SecurityMap {
  const schemes: Record<string, SchemeInfo> = {};
  for (const [name, scheme] of Object.entries<any>(doc.components?.securitySchemes ?? {})) {
    schemes[name] = schemeInfo(deref(doc, scheme));
  }
  const operations: Record<string, OperationInfo> = {};
  const tokenOperations: SecurityMap['tokenOperations'] = {};
  for (const [path, rawItem] of Object.entries<any>(doc.paths ?? {})) {
    const item = deref(doc, rawItem);
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const requirements: Json[] = op.security ?? doc.security ?? [];
      const security = requirements.map((req) => Object.keys(req));
      for (const name of security.flat()) {
        if (!schemes[name]) throw new Error(`sftpgo-client generate: ${key} names undefined security scheme ${name}`);
      }
      const info: OperationInfo = {
        ...(op.operationId ? { operationId: op.operationId } : {}),
        realm: path.startsWith('/user/') ? 'user' : 'admin',
        security,
      };
      const basicOnly = security.some((alt) => alt.length > 0 && alt.every((s) => schemes[s]!.type === 'basic'));
      if (basicOnly && answersToken(doc, op)) {
        info.issuesToken = true;
        if (!tokenOperations[info.realm]) tokenOperations[info.realm] = key;
      }
      const server = (op.servers ?? item.servers)?.[0]?.url;
      if (typeof server === 'string') info.server = server;
      operations[key] = info;
    }
  }
  return { schemes, operations, tokenOperations };
}
