// The entry Node resolves (package.json `exports`, condition `node`): the
// same client, with stream and Blob bodies sent through node:http so a large
// upload stays flat in memory (issue 11). Browsers get src/index.ts, which
// imports nothing of Node's.
import { sftpgoClientFactory } from './create-sftpgo-client.js';
import { sendWithNodeHttp } from './transport/node/send-with-node-http.js';
import type { CreateSftpgoClient } from './types/create-sftpgo-client.js';

export * from './index.js';

export const createSftpgoClient: CreateSftpgoClient = sftpgoClientFactory({ sendLarge: sendWithNodeHttp, streamsRequestBodies: true });
