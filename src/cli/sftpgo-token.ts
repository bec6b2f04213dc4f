#!/usr/bin/env node
// sftpgo-token: get or revoke an SFTPGo access token from a shell, with this
// package's own client (one HTTP path, the library's checks and messages).
import { describeFailure, type FailureContext } from './describe-failure.js';
import { EXIT } from './exit-codes.js';
import { helpText } from './help-text.js';
import { parseCommandLine } from './parse-command-line.js';
import { readFirstLine } from './read-first-line.js';
import { readHiddenLine, type TerminalInput } from './read-hidden-line.js';
import { readVersion } from './read-version.js';
import { runsAsProgram } from './runs-as-program.js';
import { UsageError } from './usage-error.js';
import { SftpgoApiError } from '../errors/sftpgo-api-error.js';
import type { SftpgoClientOptions } from '../index.js';

const NAME = 'sftpgo-token';

/** The process around the command, so tests can run it in-process. */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdin: TerminalInput;
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
}

/** Thrown when the user cancels a prompt. */
class Cancelled extends Error {}

/**
 * Runs `sftpgo-token` with `argv` (the arguments after the command name) and
 * resolves its exit code; never rejects. Only the token is written to stdout.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let context: FailureContext | undefined;
  let verbose = argv.includes('--verbose');
  try {
    const line = parseCommandLine(argv);
    if (line.command === 'help') {
      io.stdout.write(helpText);
      return EXIT.ok;
    }
    if (line.command === 'version') {
      io.stdout.write(`${readVersion()}\n`);
      return EXIT.ok;
    }
    verbose = line.verbose;
    const baseUrl = serverUrl(line.url ?? io.env.SFTPGO_URL, line.url !== undefined);
    context = { command: line.command, realm: line.realm, server: baseUrl };
    const common = { baseUrl, allowInsecureHttp: line.allowInsecureHttp } satisfies SftpgoClientOptions;
    // Loaded once a command needs it, `--help` and `--version` print without
    // it; while a password is typed, it loads.
    const library = import('../index.js');

    if (line.command === 'get') {
      const username = nonEmpty(line.username ?? io.env.SFTPGO_USERNAME);
      if (!username) throw new UsageError('no username: give --username or set SFTPGO_USERNAME');
      const otp = oneTimeCode(line.otp, io.env.SFTPGO_OTP);
      const totpSecret = otp ? undefined : nonEmpty(io.env.SFTPGO_TOTP_SECRET);
      const password = await readPassword(line.passwordStdin, io, `${username} (${line.realm})`);
      const { createSftpgoClient } = await library;
      const client = createSftpgoClient({
        ...common,
        [line.realm]: { username, password, ...(totpSecret ? { totpSecret } : {}) },
      });
      const ask = line.realm === 'admin' ? client.getToken : client.getUserToken;
      const token = await ask(otp ? { otp } : {});
      io.stdout.write(
        line.json ? `${JSON.stringify({ access_token: token.access_token, expires_at: token.expires_at })}\n` : `${token.access_token}\n`,
      );
      if (verbose) io.stderr.write(`${NAME}: ${line.realm} token for ${username}, expires at ${token.expires_at}\n`);
      return EXIT.ok;
    }

    const token = await readToken(io);
    // revokeToken counts a 401 as "already revoked": the goal of a program that
    // holds the token. Here the token came from the user, and a 401 may also mean
    // it is of the other realm and still valid, so the status is looked at.
    let status = 0;
    const { createSftpgoClient } = await library;
    const client = createSftpgoClient({
      ...common,
      accessToken: token,
      fetch: async (request) => {
        const response = await globalThis.fetch(request);
        status = response.status;
        return response;
      },
    });
    const path = line.realm === 'admin' ? '/logout' : '/user/logout';
    const body = line.realm === 'admin' ? await client.logout() : await client.clientLogout();
    if (status === 401) throw new SftpgoApiError({ status, body, method: 'GET', path });
    io.stderr.write(`${NAME}: the ${line.realm} token is revoked\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Cancelled) {
      io.stderr.write(`${NAME}: cancelled\n`);
      return EXIT.interrupted;
    }
    const failure = describeFailure(error, context);
    io.stderr.write(`${NAME}: ${failure.line}\n`);
    if (verbose && failure.detail) io.stderr.write(`${NAME}: ${failure.detail}\n`);
    if (failure.code === EXIT.usage) io.stderr.write(`Try '${NAME} --help'.\n`);
    return failure.code;
  }

  function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value === '' ? undefined : value;
  }

  /** The API root, checked and shown without credentials, query or fragment. */
  function serverUrl(given: string | undefined, fromOption: boolean): string {
    const source = fromOption ? '--url' : 'SFTPGO_URL';
    if (!nonEmpty(given)) throw new UsageError('no server: give --url or set SFTPGO_URL (the API root, e.g. https://sftpgo.example.com/api/v2)');
    let url: URL;
    try {
      url = new URL(given!);
    } catch {
      throw new UsageError(`${source} is not an absolute URL; expected something like https://sftpgo.example.com/api/v2`);
    }
    if (url.username || url.password) {
      throw new UsageError(`${source} must not contain credentials: use --username and SFTPGO_PASSWORD, --password-stdin or the prompt`);
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  }

  function oneTimeCode(option: string | undefined, fromEnv: string | undefined): string | undefined {
    const code = option ?? nonEmpty(fromEnv);
    if (code !== undefined && !/^\d{6}$/.test(code)) {
      throw new UsageError(`${option !== undefined ? '--otp' : 'SFTPGO_OTP'} must be six digits`);
    }
    return code;
  }

  async function readPassword(fromStdin: boolean, io: CliIo, who: string): Promise<string> {
    let password: string | undefined;
    if (fromStdin) password = io.stdin.isTTY ? await prompt(io, `Password for ${who}: `) : await readFirstLine(io.stdin);
    else if (nonEmpty(io.env.SFTPGO_PASSWORD)) password = io.env.SFTPGO_PASSWORD!;
    else if (io.stdin.isTTY) password = await prompt(io, `Password for ${who}: `);
    else {
      throw new UsageError(
        'no password: set SFTPGO_PASSWORD, use --password-stdin, or run on a terminal to be asked (arguments are never read for it)',
      );
    }
    if (password === '') throw new UsageError('the password is empty');
    return password;
  }

  async function readToken(io: CliIo): Promise<string> {
    const fromEnv = io.env.SFTPGO_TOKEN?.trim();
    const token = fromEnv || (io.stdin.isTTY ? await prompt(io, 'Token: ') : await readFirstLine(io.stdin)).trim();
    if (!token) throw new UsageError('no token: set SFTPGO_TOKEN or give the token on the first line of standard input');
    return token;
  }

  async function prompt(io: CliIo, text: string): Promise<string> {
    const answer = await readHiddenLine(io.stdin, io.stderr, text);
    if (answer === undefined) throw new Cancelled();
    return answer;
  }
}

if (runsAsProgram(import.meta.url)) {
  // A closed pipe (`sftpgo-token get | head -c0`) is not worth a stack trace.
  process.stdout.on('error', () => {});
  main(process.argv.slice(2), { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
      // A pipe with more than the line we read would keep the process waiting.
      process.stdin.destroy();
    },
  );
}
