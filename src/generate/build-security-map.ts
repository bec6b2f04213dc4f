import type { OperationInfo, SchemeInfo, SecurityMap } from '../auth/security-map.js';
import { SftpgoGenerateError } from '../errors/sftpgo-generate-error.js';
import { deref, type Json } from './deref.js';
import { mediaKinds } from './media-kind.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

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

/**
 * Reads, from an OpenAPI 3 document, which credentials every operation takes
 * and how its bodies travel: the one place that turns the spec's security and
 * media types into data for the client (issues 2 and 11).
 */
export function buildSecurityMap(doc: Json): SecurityMap {
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
        if (!schemes[name]) throw new SftpgoGenerateError(`${key} names undefined security scheme ${name}`);
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
      Object.assign(info, mediaKinds(doc, op));
      operations[key] = info;
    }
  }
  return { schemes, operations, tokenOperations };
}
