// RFC 6238 TOTP (SHA-1, 6 digits, 30 s steps) as SFTPGo uses it for
// X-SFTPGO-OTP, written with node:crypto so tests need no extra dependency.
import { createHmac } from 'node:crypto';

export const TOTP_STEP_SECONDS = 30;

/** The step number (RFC 6238 "T") that contains the instant `atMs`. */
export function totpStep(atMs: number): number {
  return Math.floor(atMs / 1000 / TOTP_STEP_SECONDS);
}

/** The six-digit code for `secret` (base32) at the instant `atMs`. */
export function totpCode(secret: string, atMs: number): string {
  return hotp(base32Decode(secret), totpStep(atMs));
}

/** The six-digit code for `secret` (base32) at step number `step`. */
export function totpCodeAtStep(secret: string, step: number): string {
  return hotp(base32Decode(secret), step);
}

// RFC 4226: HMAC over the 8-byte big-endian counter, dynamic truncation.
function hotp(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 1_000_000).padStart(6, '0');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32; case-insensitive, ignores padding and spaces like authenticator apps do. */
export function base32Decode(input: string): Buffer {
  const clean = input.toUpperCase().replace(/[\s=]/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
