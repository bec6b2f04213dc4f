// The memory phase's measurements (issue 11): who moves the file, which way,
// with what body. Shared by the phase (bench/memory.ts), which runs each in
// its own process, and that process (bench/memory-child.ts).

export type Direction = 'upload' | 'download';

export interface MemoryCase {
  /** The argument the child process takes. */
  id: string;
  direction: Direction;
  /** The subject in the table. */
  name: string;
  role: 'raw fetch' | 'floor' | 'client';
  how: string;
  /** The same transfer without progress callbacks (issue 17): this row's cost is measured against it. */
  twin?: string;
}

/** The bearer token the server accepts, and hands out at GET /api/v2/user/token. */
export const TOKEN = 'bench-user-token';
export const USER = { username: 'bench', password: 'bench-password' };
/** Where the uploaded file goes and the download comes from (the fixture spec's paths, base /api/v2). */
export const UPLOAD_PATH = '/api/v2/user/files/upload';
export const DOWNLOAD_PATH = '/api/v2/user/files';

export const CASES: MemoryCase[] = [
  {
    id: 'upload-node-http',
    direction: 'upload',
    name: 'node:http (floor)',
    role: 'floor',
    how: '`http.request` with `fs.createReadStream(file)` piped into it (`stream.pipeline`)',
  },
  {
    id: 'upload-fetch-stream',
    direction: 'upload',
    name: 'raw fetch, web stream',
    role: 'raw fetch',
    how: "`fetch` with `Readable.toWeb(fs.createReadStream(file))` as the body, `duplex: 'half'`",
  },
  {
    id: 'upload-fetch-blob',
    direction: 'upload',
    name: 'raw fetch, file-backed Blob',
    role: 'raw fetch',
    how: '`fetch` with `await fs.openAsBlob(file)` as the body',
  },
  {
    id: 'upload-client-stream',
    direction: 'upload',
    name: 'sftpgo-client, web stream',
    role: 'client',
    how: "`client.POST('/user/files/upload', { body: Readable.toWeb(fs.createReadStream(file)) })`, Node entry, default options",
  },
  {
    id: 'upload-client-blob',
    direction: 'upload',
    name: 'sftpgo-client, file-backed Blob',
    role: 'client',
    how: "`client.POST('/user/files/upload', { body: await fs.openAsBlob(file) })`, Node entry, default options",
  },
  {
    id: 'upload-client-stream-progress',
    direction: 'upload',
    name: 'sftpgo-client, web stream, onUploadProgress',
    role: 'client',
    how: 'as `sftpgo-client, web stream`, with an `onUploadProgress` that counts its events',
    twin: 'upload-client-stream',
  },
  {
    id: 'download-node-http',
    direction: 'download',
    name: 'node:http (floor)',
    role: 'floor',
    how: '`http.request` (GET), the answer piped into `fs.createWriteStream(file)`',
  },
  {
    id: 'download-fetch',
    direction: 'download',
    name: 'raw fetch',
    role: 'raw fetch',
    how: '`fetch`, `Readable.fromWeb(response.body)` piped into `fs.createWriteStream(file)`',
  },
  {
    id: 'download-client-stream',
    direction: 'download',
    name: "sftpgo-client, parseAs: 'stream'",
    role: 'client',
    how: "`client.GET('/user/files', { parseAs: 'stream' })`, `Readable.fromWeb(data)` piped into `fs.createWriteStream(file)`, Node entry, default options",
  },
  {
    id: 'download-client-stream-progress',
    direction: 'download',
    name: "sftpgo-client, parseAs: 'stream', onDownloadProgress",
    role: 'client',
    how: "as `sftpgo-client, parseAs: 'stream'`, with an `onDownloadProgress` that counts its events",
    twin: 'download-client-stream',
  },
];
