// The throwaway configuration the live suite starts an installed SFTPGo with:
// REST API only, on 127.0.0.1, everything in memory, a default admin, the
// shortest token lifetime SFTPGo accepts (unless asked for longer), no limit on
// concurrent requests per address, and the rate limiter only where the scenario
// asks for it.

export interface ConfigOptions {
  /** The temporary folder: users' homes go below it. */
  dir: string;
  port: number;
  /** SFTPGo's templates folder; `serve` exits at start without it. */
  templates: string;
  /** One request a second per address, answered 429 beyond. */
  rateLimited?: boolean;
  /**
   * Minutes, 1 to 720; default 1, so renewal happens within a live run. The
   * benchmark asks for SFTPGo's default, 20: its tokens must outlast its phase.
   */
  tokenLifetimeMinutes?: number;
}

export function sftpgoConfig(options: ConfigOptions): Record<string, unknown> {
  return {
    common: {
      // Counted per in-flight request: the default 20 would answer a burst of calls 403.
      max_per_host_connections: 0,
      defender: { enabled: false },
      ...(options.rateLimited
        ? {
            rate_limiters: [
              {
                average: 1,
                period: 1000,
                burst: 1,
                type: 2,
                protocols: ['HTTP'],
                generate_defender_events: false,
                entries_soft_limit: 100,
                entries_hard_limit: 150,
              },
            ],
          }
        : {}),
    },
    // Port 0 turns a service off.
    sftpd: { bindings: [{ port: 0 }] },
    ftpd: { bindings: [{ port: 0 }] },
    webdavd: { bindings: [{ port: 0 }] },
    telemetry: { bind_port: 0 },
    httpd: {
      bindings: [
        {
          port: options.port,
          address: '127.0.0.1',
          enable_rest_api: true,
          enable_web_admin: false,
          enable_web_client: false,
        },
      ],
      templates_path: options.templates,
      jwt_lifetime: options.tokenLifetimeMinutes ?? 1,
    },
    data_provider: {
      driver: 'memory',
      name: '',
      create_default_admin: true,
      users_base_dir: `${options.dir}/users`,
    },
    smtp: { templates_path: options.templates },
    mfa: { totp: [{ name: 'Default', issuer: 'SFTPGo', algo: 'sha1' }] },
  };
}
