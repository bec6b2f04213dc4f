/** What `sftpgo-token` exits with; `--help` lists the same table. */
export const EXIT = {
  ok: 0,
  /** A failure nobody planned for (a bug, most likely). */
  unexpected: 1,
  /** A bad, missing or refused option; no request was sent. */
  usage: 2,
  /** The server answered 401 or 403: credentials, code or token not accepted. */
  rejected: 3,
  /** No usable answer: unreachable, timed out, not SFTPGo's shape, or another HTTP error. */
  failed: 4,
  /** Ctrl-C or end of input at a prompt (128 + SIGINT, as shells do). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
