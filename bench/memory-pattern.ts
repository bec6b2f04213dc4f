// The bytes the memory phase moves: blocks of 1 MiB of xorshift noise, each
// stamped with its index, so a lost, repeated or reordered block changes the
// sha-256. The file uploaded and every download are the same bytes for the
// same size, so one digest checks both.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

export const BLOCK = 1024 * 1024;

let base: Buffer | undefined;

/** Block `index` of the pattern, `length` bytes of it (the last block may be short): a fresh buffer. */
export function patternBlock(index: number, length = BLOCK): Buffer {
  if (!base) {
    base = Buffer.allocUnsafe(BLOCK);
    const words = new Uint32Array(base.buffer, base.byteOffset, BLOCK / 4);
    let x = 0x9e3779b9;
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x >>> 0;
    }
  }
  const block = Buffer.allocUnsafe(length);
  base.copy(block, 0, 0, length);
  if (length >= 4) block.writeUInt32LE(index, 0);
  return block;
}

/** The blocks of `size` bytes of the pattern, in order. */
export function* patternBlocks(size: number): Generator<Buffer> {
  for (let index = 0, at = 0; at < size; index++, at += BLOCK) yield patternBlock(index, Math.min(BLOCK, size - at));
}

/** Writes `size` bytes of the pattern to `path` and returns their sha-256 (hex). */
export async function writePatternFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path, 'w');
  try {
    for (const block of patternBlocks(size)) {
      hash.update(block);
      await file.write(block);
    }
    // On disk before anything is measured: the kernel writing it back would slow the first transfer.
    await file.sync();
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** The sha-256 (hex) and length of a file, read as a stream. */
export async function digestFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: BLOCK }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
