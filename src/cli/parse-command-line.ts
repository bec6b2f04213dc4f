import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

export type CommandLine =
  | { command: 'help' }
  | { command: 'version' }
  | {
      command: 'get' | 'logout';
      /** `--user`: the user realm (`/user/token`, `/user/logout`) instead of the admin one. */
      realm: 'admin' | 'user';
      url: string | undefined;
      username: string | undefined;
      passwordStdin: boolean;
      otp: string | undefined;
      json: boolean;
      allowInsecureHttp: boolean;
      verbose: boolean;
    };

const OPTIONS = {
  url: { type: 'string' },
  user: { type: 'boolean' },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  otp: { type: 'string' },
  json: { type: 'boolean' },
  'allow-insecure-http': { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** Options that only `get` takes. */
const GET_ONLY = ['username', 'password-stdin', 'otp', 'json'] as const;

/**
 * Reads `sftpgo-token <command> [options]` with Node's strict `parseArgs`.
 * A password on the command line is refused outright, before anything else
 * looks at the arguments, and no error message repeats a value that was typed:
 * a stray argument may be a secret.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  if (options.some((arg) => arg === '--password' || arg.startsWith('--password='))) {
    throw new UsageError(
      '--password is not accepted: an argument is visible to other users (ps, /proc) and kept in shell history. ' +
        'Set SFTPGO_PASSWORD, pipe it with --password-stdin, or type it at the prompt',
    );
  }

  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    // Node's messages name the option, never its value; drop their advice about '--'.
    const message = error instanceof Error ? error.message.split('. To specify')[0]! : 'invalid arguments';
    throw new UsageError(message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };

  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError('no command: expected get or logout');
  if (command !== 'get' && command !== 'logout') {
    // Repeat the word only when it looks like a mistyped command, not a secret.
    const shown = /^[a-z][a-z-]{0,15}$/.test(command) ? ` "${command}"` : '';
    throw new UsageError(`unknown command${shown}: expected get or logout`);
  }
  if (extra.length > 0) throw new UsageError(`${command} takes no further arguments (${extra.length} given)`);
  if (command === 'logout') {
    const misplaced = GET_ONLY.find((name) => values[name] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} applies to get only`);
  }
  return {
    command,
    realm: values.user ? 'user' : 'admin',
    url: values.url,
    username: values.username,
    passwordStdin: values['password-stdin'] ?? false,
    otp: values.otp,
    json: values.json ?? false,
    allowInsecureHttp: values['allow-insecure-http'] ?? false,
    verbose: values.verbose ?? false,
  };
}
