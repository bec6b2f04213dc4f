import { GENERATE_PEERS } from '../generate/load-peer.js';

/** What `sftpgo-client --help` prints. */
export const generateHelpText = `Usage: sftpgo-client generate --spec <file or URL> --out <dir> [options]

Write a typed client for an SFTPGo OpenAPI document: its types, the map of
which credentials each operation takes, and a createSftpgoClient bound to both.
SFTPGo serves its own document at /openapi/openapi.yaml.

Options:
  -i, --spec FILE|URL   The OpenAPI 3.0 or 3.1 document (YAML or JSON), a file
                        or an http(s) URL
  -o, --out DIR         The folder to write into (created if missing); writes
                        openapi.d.ts, security.js, security.d.ts, index.js and
                        index.d.ts, leaving other files alone
  --no-factory          Write only the types and the map, not index.js/.d.ts
  --runtime MODULE      What index.js imports the client from
                        (default: sftpgo-client)
  -h, --help            Show this help
  -v, --version         Print the version

Needs at run time: ${GENERATE_PEERS}
(optional peer dependencies: npm install --save-dev ${GENERATE_PEERS})

Example:
  npx sftpgo-client generate --spec https://sftpgo.example.com/openapi/openapi.yaml --out src/sftpgo

Exit status: 0 written, 1 the spec cannot be used (nothing written), 2 usage.
`;
