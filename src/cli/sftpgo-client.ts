#!/usr/bin/env node
// sftpgo-client: the commands a user runs from an installed package. Today one,
// `generate`: a typed client for any SFTPGo spec (issue 10).
import { parseArgs } from 'node:util';
import { SftpgoGenerateError } from '../errors/sftpgo-generate-error.js';
import { generate } from '../generate/generate.js';
import { writeFiles } from '../generate/write-files.js';
import { generateHelpText } from './generate-help-text.js';
import { readVersion } from './read-version.js';
import { runsAsProgram } from './runs-as-program.js';

export interface GenerateIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

/** Runs `sftpgo-client` with `argv` (the arguments after the command name); resolves its exit code, never rejects. */
export async function main(argv: readonly string[], io: GenerateIo): Promise<number> {
  let values: { spec?: string | undefined; out?: string | undefined; 'no-factory'?: boolean | undefined; runtime?: string | undefined; help?: boolean | undefined; version?: boolean | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        spec: { type: 'string', short: 'i' },
        out: { type: 'string', short: 'o' },
        'no-factory': { type: 'boolean' },
        runtime: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  if (values.help || positionals[0] === 'help') {
    io.stdout.write(generateHelpText);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${readVersion()}\n`);
    return 0;
  }
  if (positionals[0] !== 'generate' || positionals.length > 1) {
    return usage(io, positionals[0] === undefined ? 'no command given' : `unknown command or extra argument: ${positionals.join(' ')}`);
  }
  if (!values.spec) return usage(io, 'generate needs --spec <file or URL>');
  if (!values.out) return usage(io, 'generate needs --out <dir>');
  try {
    const files = await generate({
      spec: values.spec,
      out: values.out,
      factory: !values['no-factory'],
      ...(values.runtime ? { runtime: values.runtime } : {}),
    });
    await writeFiles(values.out, files);
    io.stderr.write(`sftpgo-client: wrote ${Object.keys(files).join(', ')} in ${values.out}\n`);
    return 0;
  } catch (error) {
    if (error instanceof SftpgoGenerateError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    io.stderr.write(`sftpgo-client: generate failed: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
}

function usage(io: GenerateIo, problem: string): number {
  io.stderr.write(`sftpgo-client: ${problem}\nRun sftpgo-client --help for the options.\n`);
  return 2;
}

if (runsAsProgram(import.meta.url)) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
    process.exitCode = code;
  });
}
