/**
 * Issue 14, property: any options object yields a client or an
 * SftpgoConfigError, never another error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSftpgoClient, SftpgoConfigError, type SftpgoClientOptions } from '../../src/index.js';
import { securityMap } from '../../generated/security.js';
import { PROPERTY_TIMEOUT_MS, propertyParameters } from '../support/fast-check-settings.js';
import { ADMIN, SECRETS } from '../support/secrets.js';

/** A value of the right type most of the time, anything at all now and then. */
const either = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: fc.anything() });
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', ' ', 'a\nb', 'é'));
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1.5, 2 ** 31, Number.NaN, Infinity));
const func = fc.func(fc.anything());

const credentials = fc.record(
  {
    username: either(fc.oneof(fc.constant(ADMIN.username), text)),
    password: either(fc.oneof(fc.constant(ADMIN.password), text)),
    otp: either(fc.oneof(fc.constant('123456'), text, func)),
    totpSecret: either(fc.oneof(fc.constant(SECRETS.totpSecret), fc.stringMatching(/^[A-Z2-7]{16,32}=*$/), text)),
  },
  { requiredKeys: [] },
);

const options = fc.record(
  {
    baseUrl: either(
      fc.oneof(
        fc.constantFrom('https://sftpgo.example.com/api/v2', 'http://127.0.0.1:8080/api/v2', 'http://sftpgo.example.com/api/v2', 'ftp://x/', 'https://u:p@x/'),
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        text,
      ),
    ),
    admin: either(credentials),
    user: either(credentials),
    apiKey: either(fc.oneof(fc.constant(SECRETS.apiKey), text)),
    accessToken: either(fc.oneof(fc.constant(SECRETS.accessToken), text)),
    renewMarginMs: either(number),
    timeoutMs: either(number),
    retry: either(fc.oneof(fc.constant(false), fc.record({ limit: either(number), baseDelayMs: either(number), maxDelayMs: either(number), maxRetryAfterMs: either(number) }, { requiredKeys: [] }))),
    allowInsecureHttp: fc.anything(),
    fetch: either(func),
    headers: either(fc.dictionary(fc.oneof(fc.constantFrom('X-Trace', 'accept'), text), text)),
    onEvent: either(func),
    securityMap: either(fc.constant(securityMap)),
  },
  { requiredKeys: [] },
);

describe('options, any at all', () => {
  it(
    'any options object yields a client or an SftpgoConfigError, never another error',
    () => {
      fc.assert(
        fc.property(fc.oneof({ weight: 9, arbitrary: options }, { weight: 1, arbitrary: fc.anything() }), (given) => {
          let made: unknown;
          try {
            made = createSftpgoClient(given as SftpgoClientOptions);
          } catch (error) {
            expect(error).toBeInstanceOf(SftpgoConfigError);
            return;
          }
          expect(typeof (made as { GET?: unknown }).GET).toBe('function');
        }),
        propertyParameters(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
