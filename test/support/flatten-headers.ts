import type { IncomingMessage } from 'node:http';

/** Node's request headers as one string per name (repeated headers joined with ", "), for logs tests read. */
export function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
