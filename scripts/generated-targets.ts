/** Each spec of this repository and the folder its generated code is committed in. */
export const TARGETS = [
  // The package's own: types and map only, src/ composes the client itself.
  { spec: 'openapi.yaml', out: 'generated', factory: false },
  // Shaped like SFTPGo's complete document, for the tests.
  { spec: 'test/fixtures/sftpgo-like.yaml', out: 'test/fixtures/generated', factory: false },
];
