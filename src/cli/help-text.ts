/** What `sftpgo-token --help` prints. */
export const helpText = `Usage: sftpgo-token get [--user] [options]
       sftpgo-token logout [--user] [options]

Get or revoke an access token of SFTPGo's REST API (v2).

Commands:
  get      Print a new access token on standard output: an admin token, or
           with --user a user token.
  logout   Revoke the token in SFTPGO_TOKEN or, when that is unset, the first
           line of standard input: an admin token, or with --user a user token.

Options:
  --url URL              The API root, e.g. https://sftpgo.example.com/api/v2
                         (default: SFTPGO_URL)
  --user                 A user token (/user/token, /user/logout) instead of an
                         admin token (/token, /logout)
  --username NAME        The account (default: SFTPGO_USERNAME)          [get]
  --password-stdin       Read the password from the first line of standard
                         input                                            [get]
  --otp CODE             The six-digit one-time code, for accounts with
                         two-factor authentication (default: SFTPGO_OTP, or
                         a code computed from SFTPGO_TOTP_SECRET)         [get]
  --json                 Print {"access_token","expires_at"} as one line of
                         JSON instead of the bare token                   [get]
  --allow-insecure-http  Allow http:// to a host other than this machine:
                         the password or token crosses the network in clear
  --verbose              Explain failures in more detail (never a secret)
  -h, --help             Show this help
  --version              Show the version

The password is never read from an argument (other users can see arguments,
shells keep them in history): set SFTPGO_PASSWORD, use --password-stdin, or
type it at the prompt shown when standard input is a terminal (not echoed).

Only the token goes to standard output; messages go to standard error.

Environment:
  SFTPGO_URL, SFTPGO_USERNAME, SFTPGO_PASSWORD, SFTPGO_OTP, SFTPGO_TOTP_SECRET
  (base32), SFTPGO_TOKEN (logout)

Exit codes:
  0    success
  1    unexpected error
  2    usage error: an unknown, missing or refused option or value (no
       request was sent)
  3    rejected: the server answered 401 or 403 (wrong username, password or
       one-time code; access refused; a token already revoked, expired or of
       the other realm)
  4    network or server failure: unreachable, timed out, an answer that is
       not SFTPGo's, or any other HTTP error status
  130  cancelled at a prompt (Ctrl-C or Ctrl-D)

Examples:
  export SFTPGO_URL=https://sftpgo.example.com/api/v2
  TOKEN=$(sftpgo-token get --username admin)
  curl -H "Authorization: Bearer $TOKEN" "$SFTPGO_URL/version"
  printf '%s\\n' "$TOKEN" | sftpgo-token logout
  pass show sftpgo/alice | sftpgo-token get --user --username alice --password-stdin --json
`;
