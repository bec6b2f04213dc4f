/**
 * Regenerates every committed generated folder with the generator users run
 * (`sftpgo-client generate`, src/generate/), so there is one (issue 10).
 *
 *   tsx scripts/generate-all.ts
 */
import { generate } from '../src/generate/generate.ts';
import { writeFiles } from '../src/generate/write-files.ts';
import { TARGETS } from './generated-targets.ts';

for (const target of TARGETS) {
  const files = await generate(target);
  await writeFiles(target.out, files);
  console.error(`sftpgo-client: generated ${Object.keys(files).join(', ')} in ${target.out} from ${target.spec}`);
}
