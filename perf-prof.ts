import { createServer } from 'node:http';
import { createSftpgoClient } from './src/index.js';
const body = JSON.stringify({ version: '2.7.5' });
const srv = createServer((req, res) => { if (req.url!.endsWith('/token')) { res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() }).end(JSON.stringify({ access_token: 'a.b.c', expires_at: '2099-01-01T00:00:00Z' })); return; } res.writeHead(200, { 'content-type': 'application/json' }).end(body); });
await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
const ours = createSftpgoClient({ baseUrl: `http://127.0.0.1:${(srv.address() as any).port}`, admin: { username: 'a', password: 'b' } });
for (let i = 0; i < 20000; i++) await ours.GET('/version');
srv.close(); srv.closeAllConnections();
