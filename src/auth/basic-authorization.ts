/**
 * `Basic base64(username:password)` per RFC 7617, encoding as UTF-8 first:
 * `btoa` alone throws on any character above U+00FF.
 */
export function basicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
