import type { MediaKind, OperationInfo } from '../auth/security-map.js';
import { deref, type Json } from './deref.js';

const JSON_MEDIA = /^application\/(.+\+)?json\b/i;
// What SFTPGo's document uses for raw bytes: octet-stream, `*/*`, and type
// wildcards such as `application/*`, `image/*` on its upload operations.
const BINARY_MEDIA = /^(\*\/\*|[a-z]+\/\*|application\/(octet-stream|zip|pdf|gzip))\b/i;

/** How one content map (media type -> media object) travels, or undefined for JSON. */
function kindOf(doc: Json, content: Json | undefined): MediaKind | undefined {
  const entries = Object.entries<any>(content ?? {});
  if (entries.length === 0) return undefined;
  // A body that may be JSON is sent as JSON: it is what openapi-fetch does by default.
  if (entries.some(([type]) => JSON_MEDIA.test(type))) return undefined;
  const [type, media] = entries[0]!;
  if (/^multipart\/form-data\b/i.test(type)) return 'multipart';
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) return 'form';
  const schema = deref(doc, media?.schema);
  if (BINARY_MEDIA.test(type) || schema?.format === 'binary') return 'binary';
  if (/^text\//i.test(type)) return 'text';
  return 'binary';
}

/**
 * The request body's media and the success answer's, as the client needs them
 * to send the bytes given and read binary answers as binary (issue 11).
 */
export function mediaKinds(doc: Json, op: Json): Pick<OperationInfo, 'body' | 'answer'> {
  const info: Pick<OperationInfo, 'body' | 'answer'> = {};
  const body = kindOf(doc, deref(doc, op.requestBody)?.content);
  if (body) info.body = body;
  const success = Object.entries<any>(op.responses ?? {}).filter(([status]) => /^2/.test(status));
  const answers = success.map(([, response]) => kindOf(doc, deref(doc, response)?.content));
  const answer = answers.find((kind) => kind === 'binary' || kind === 'text');
  if (answer === 'binary' || answer === 'text') info.answer = answer;
  return info;
}
