/**
 * The secrets the tests give the client, one of a kind each and distinctive,
 * so that the suite-wide recorder (secret-recorder.ts, checked at the end of
 * the run by secret-leak-reporter.ts) finds them wherever they should not be
 * (issue 14). Their kind says where they may go: see find-secret-leaks.ts.
 *
 * Server self-tests that send a credential where it does not belong on
 * purpose (an API key to a logout, to see the 403) use plain values of their
 * own instead.
 */
export type SecretKind = 'password' | 'otp' | 'totpSecret' | 'apiKey' | 'token';

export interface Secret {
  name: string;
  kind: SecretKind;
  value: string;
}

export const ADMIN = { username: 'admin', password: 'pw-ADMIN-Zq81xTe4' } as const;
export const USER = { username: 'alice', password: 'pw-USER-Kd27wBn9' } as const;
/** A second account of either realm, for tests that need two. */
export const OTHER = { username: 'otpadmin', password: 'pw-OTHER-Hm35cLp2' } as const;

export const SECRETS = {
  adminPassword: ADMIN.password,
  userPassword: USER.password,
  otherPassword: OTHER.password,
  /** Not six digits: only for servers that check no codes (the fault server). */
  otp: 'otp-CODE-Hv54mRq8',
  totpSecret: 'GZ4XQ2LUMVZHGZLDOJSXIMJVGE3DKNRW',
  apiKey: 'kid7.APIKEY-Jr93pWs6',
  userApiKey: 'ukid3.APIKEY-Tb62nQz1',
  accessToken: 'static.STATICTOKEN-Wn46sYk3.sig',
} as const;

/** Every token a test scripts for the fault server carries this mark, so all of them are configured at once. */
export const ISSUED_MARK = 'ISSUED-Fx5Tq';

/** A token for a scripted token answer: `issuedToken('admin')` is `hdr.ISSUED-Fx5Tq-admin.sig`. */
export function issuedToken(label: string | number): string {
  return `hdr.${ISSUED_MARK}-${label}.sig`;
}

/**
 * The signatures of the tokens the Prism mock answers (the examples in
 * openapi.yaml): the header and payload of a JWT are alike from token to
 * token, the signature is what is secret.
 */
export const PRISM_TOKEN_SIGNATURES = {
  admin: 'ycEU4eqGELnk-i-lRLY58mmz3jAZWqKm3twGKLdF5tw',
  user: 'dWQ0CC34hPNq3xVNzfVIz6AVyKJkPWKERWrkH82PU9Y',
} as const;

const KINDS: Record<keyof typeof SECRETS, SecretKind> = {
  adminPassword: 'password',
  userPassword: 'password',
  otherPassword: 'password',
  otp: 'otp',
  totpSecret: 'totpSecret',
  apiKey: 'apiKey',
  userApiKey: 'apiKey',
  accessToken: 'token',
};

/** What the recorder looks for; tokens the SFTPGo stand-in issues are added as it issues them. */
export const CONFIGURED_SECRETS: Secret[] = [
  ...Object.entries(SECRETS).map(([name, value]) => ({ name, kind: KINDS[name as keyof typeof SECRETS], value })),
  { name: 'the mark of scripted tokens', kind: 'token', value: ISSUED_MARK },
  { name: 'the Prism mock admin token', kind: 'token', value: PRISM_TOKEN_SIGNATURES.admin },
  { name: 'the Prism mock user token', kind: 'token', value: PRISM_TOKEN_SIGNATURES.user },
];
