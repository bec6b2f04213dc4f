import { createServer } from 'node:http';
import createClient from 'openapi-fetch';
import { createSftpgoClient } from './src/index.js';
const body = JSON.stringify({ version: '2.7.5', build_date: 'x', commit_hash: 'y', features: [] });
const srv = createServer((req, res) => { if (req.url!.endsWith('/token')) { res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() }).end(JSON.stringify({ access_token: 'a.b.c', expires_at: '2099-01-01T00:00:00Z' })); return; } res.writeHead(200, { 'content-type': 'application/json' }).end(body); });
await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(srv.address() as any).port}`;
const bare = createClient<any>({ baseUrl: base, headers: { Authorization: 'Bearer a.b.c' } });
const ours = createSftpgoClient({ baseUrl: base, admin: { username: 'a', password: 'b' } });
async function cpu(fn: () => Promise<unknown>, n: number) { const c = process.cpuUsage(); for (let i = 0; i < n; i++) await fn(); const d = process.cpuUsage(c); return (d.user + d.system) / n; }
async function conc(fn: () => Promise<unknown>, n: number, k: number) { const c = process.cpuUsage(); for (let i = 0; i < n / k; i++) await Promise.all(Array.from({ length: k }, fn)); const d = process.cpuUsage(c); return (d.user + d.system) / n; }
for (let i = 0; i < 2000; i++) { await bare.GET('/version'); await ours.GET('/version'); }
const rs: number[] = [], rc: number[] = [];
for (let r = 0; r < 8; r++) {
  const b = await cpu(() => bare.GET('/version'), 500); const o = await cpu(() => ours.GET('/version'), 500);
  rs.push(o / b);
  const bc = await conc(() => bare.GET('/version'), 1280, 64); const oc = await conc(() => ours.GET('/version'), 1280, 64);
  rc.push(oc / bc);
}
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
console.log('seq ratio', med(rs).toFixed(3), 'conc ratio', med(rc).toFixed(3));
srv.close(); srv.closeAllConnections();
