import type { OperationInfo, SecurityMap } from './security-map.js';
import { SftpgoConfigError } from '../errors/sftpgo-config-error.js';

/** What the client holds for the operation's realm. */
export interface Available {
  /** Credentials of the realm (a password, so a token can be obtained too). */
  credentials: boolean;
  /** A token given in the options. */
  staticToken: boolean;
  apiKey: boolean;
}

export type AuthChoice = { basic?: true; bearer?: true; apiKeyHeader?: string };

/**
 * Picks the first security alternative of the operation that the client can
 * satisfy; an API key first when one is configured (issue 2), credentials
 * before anonymous access. A realm's password goes only to the operation that
 * issues that realm's tokens, never to another Basic operation (issue 4).
 * Such an operation (a share download) is sent with no credentials unless
 * the call passes its own Authorization: SFTPGo checks Basic only for a share
 * with a password, and then reads only the password part (issue 10).
 * Throws, naming what is missing, when nothing fits.
 */
export function chooseAuth(key: string, op: OperationInfo, map: SecurityMap, have: Available): AuthChoice {
  if (op.security.length === 0) return {};
  const satisfiable = op.security.filter((alternative) =>
    alternative.every((name) => {
      const scheme = map.schemes[name];
      // Not a token operation: the caller's own credentials or none, never a realm's.
      if (scheme?.type === 'basic') return op.issuesToken !== true || have.credentials;
      if (scheme?.type === 'bearer') return have.credentials || have.staticToken;
      if (scheme?.type === 'apiKey') return have.apiKey;
      return false;
    }),
  );
  const sendsNothing = (alternative: string[]) =>
    alternative.length === 0 || (!op.issuesToken && alternative.every((name) => map.schemes[name]?.type === 'basic'));
  const rank = (alternative: string[]) =>
    sendsNothing(alternative) ? 2 : alternative.some((name) => map.schemes[name]?.type === 'apiKey') ? 0 : 1;
  const best = satisfiable.sort((a, b) => rank(a) - rank(b))[0];
  if (!best) {
    const wanted = op.security.map((alternative) => alternative.join(' + ')).join(' or ');
    throw new SftpgoConfigError(`${key} needs ${wanted}, and no credentials for the ${op.realm} realm are configured`);
  }
  const choice: AuthChoice = {};
  for (const name of best) {
    const scheme = map.schemes[name]!;
    if (scheme.type === 'basic' && op.issuesToken) choice.basic = true;
    if (scheme.type === 'bearer') choice.bearer = true;
    if (scheme.type === 'apiKey') choice.apiKeyHeader = scheme.header!;
  }
  return choice;
}
