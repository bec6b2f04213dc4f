import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * Writes every file into a temporary folder beside `dir` first, then moves
 * each into place: a failure while writing leaves `dir` as it was, never half
 * a client (issue 10). Other files in `dir` are left alone.
 */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  const target = resolve(dir);
  await mkdir(dirname(target), { recursive: true });
  const staging = await mkdtemp(join(dirname(target), '.sftpgo-client-generate-'));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(staging, name), content);
    await mkdir(target, { recursive: true });
    for (const name of Object.keys(files)) await rename(join(staging, name), join(target, name));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
