// The stand-in's files and shares: uploads (a raw body, or multipart), downloads,
// shares a user creates, and their public download, with the share's own
// password checked from the caller's Basic header.
import { parseBasic } from './standin-auth.js';
import { apiResponse, BASIC_CHALLENGE, type Reply } from './standin-reply.js';
import { jsonBody, type Route, type RouteContext } from './standin-route.js';
import { cleanPath, dirsOf, filesOf, uniqueId } from './standin-state.js';

const user = { kind: 'bearer', realm: 'user', apiKeys: true } as const;
// What Go's mime.TypeByExtension says for the few a test may use.
const TYPES: Record<string, string> = { '.txt': 'text/plain; charset=utf-8', '.json': 'application/json', '.zip': 'application/zip' };

function fileReply(path: string, data: Buffer): Reply {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const ext = /\.[^./]+$/.exec(name)?.[0] ?? '';
  return {
    status: 200,
    raw: data,
    headers: {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Accept-Ranges': 'bytes',
    },
  };
}

function download(ctx: RouteContext): Reply {
  const path = cleanPath(ctx.query.get('path'));
  if (path === '/') return apiResponse(400, 'Please set the path to a valid file');
  const data = filesOf(ctx.state, ctx.who.username).get(path);
  return data ? fileReply(path, data) : apiResponse(404, 'Unable to stat the requested file', 'file does not exist');
}

/** Whether the folder exists, made with its parents first when the call says mkdir_parents=true. */
function ensureFolder(ctx: RouteContext, dir: string): boolean {
  const dirs = dirsOf(ctx.state, ctx.who.username);
  if (ctx.query.get('mkdir_parents') === 'true') {
    for (let d = dir; d !== '/'; d = d.slice(0, d.lastIndexOf('/')) || '/') dirs.add(d);
  }
  return dirs.has(dir);
}

/** DELETE /user/dirs: the folder and everything below it. */
function deleteDir(ctx: RouteContext): Reply {
  const dir = cleanPath(ctx.query.get('path'));
  const dirs = dirsOf(ctx.state, ctx.who.username);
  if (dir === '/' || !dirs.has(dir)) return apiResponse(404, `Unable to delete directory ${JSON.stringify(dir)}`, 'file does not exist');
  const inside = (p: string) => p === dir || p.startsWith(`${dir}/`);
  for (const d of dirs) if (inside(d)) dirs.delete(d);
  const files = filesOf(ctx.state, ctx.who.username);
  for (const p of files.keys()) if (inside(p)) files.delete(p);
  return apiResponse(200, `Directory ${JSON.stringify(dir)} deleted`);
}

function uploadRaw(ctx: RouteContext): Reply {
  if (!ctx.query.has('path')) return apiResponse(400, '', 'please set a file path');
  const path = cleanPath(ctx.query.get('path'));
  if (path === '/') return apiResponse(400, `Unable to write file ${JSON.stringify(path)}`, 'operation unsupported');
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  if (!ensureFolder(ctx, parent)) return apiResponse(404, `Unable to write file ${JSON.stringify(path)}`, 'file does not exist');
  filesOf(ctx.state, ctx.who.username).set(path, ctx.body);
  return apiResponse(201, 'Upload completed');
}

async function uploadMultipart(ctx: RouteContext): Promise<Reply> {
  const type = ctx.req.headers['content-type'] ?? '';
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(ctx.body), { headers: { 'content-type': type } }).formData();
  } catch (error) {
    return apiResponse(400, 'Unable to parse multipart form', String(error));
  }
  const files = form.getAll('filenames').filter((f): f is File => typeof f !== 'string');
  if (files.length === 0) return apiResponse(400, 'No files uploaded!');
  const dir = cleanPath(ctx.query.get('path'));
  if (!ensureFolder(ctx, dir)) return apiResponse(404, `Unable to write file ${JSON.stringify(dir)}`, 'file does not exist');
  for (const file of files) {
    filesOf(ctx.state, ctx.who.username).set(cleanPath(`${dir}/${file.name}`), Buffer.from(await file.arrayBuffer()));
  }
  return apiResponse(201, 'Upload completed');
}

function deleteFile(ctx: RouteContext): Reply {
  const path = cleanPath(ctx.query.get('path'));
  if (!filesOf(ctx.state, ctx.who.username).delete(path)) return apiResponse(404, `Unable to delete file ${JSON.stringify(path)}`, 'file does not exist');
  return apiResponse(200, 'File deleted');
}

function addShare(ctx: RouteContext): Reply {
  const body = jsonBody(ctx);
  const paths = Array.isArray(body.paths) ? body.paths.filter((p): p is string => typeof p === 'string').map(cleanPath) : [];
  if (paths.length === 0) return apiResponse(400, '', 'Validation error: at least a shared path is required');
  if (body.scope !== 1 && body.scope !== 2 && body.scope !== 3) return apiResponse(400, '', `Validation error: invalid scope: ${Number(body.scope) || 0}`);
  const id = uniqueId();
  const password = typeof body.password === 'string' && body.password !== '' ? body.password : undefined;
  ctx.state.shares.set(id, {
    id,
    username: ctx.who.username,
    name: typeof body.name === 'string' && body.name ? body.name : id,
    scope: body.scope,
    paths,
    ...(password ? { password } : {}),
  });
  return apiResponse(201, 'Share created', undefined, { Location: `/api/v2/user/shares/${id}`, 'X-Object-ID': id });
}

function deleteShare(ctx: RouteContext): Reply {
  const share = ctx.state.shares.get(ctx.params.id!);
  if (!share || share.username !== ctx.who.username) return apiResponse(404, '', 'Not Found');
  ctx.state.shares.delete(share.id);
  return apiResponse(200, 'Share deleted');
}

// GET /shares/{id}: anyone; the share's password, when it has one, from Basic (the username is not looked at).
function downloadShare(ctx: RouteContext): Reply {
  const share = ctx.state.shares.get(ctx.params.id!);
  if (!share) return apiResponse(404, '', 'share does not exist');
  if (share.scope !== 1 && share.scope !== 3) return apiResponse(403, '', 'invalid share scope');
  if (share.password !== undefined && parseBasic(ctx.req.headers.authorization)?.password !== share.password) {
    return apiResponse(401, 'Unauthorized', 'invalid credentials', BASIC_CHALLENGE);
  }
  const path = share.paths[0]!;
  const data = filesOf(ctx.state, share.username).get(path);
  if (share.paths.length !== 1 || !data) return apiResponse(404, '', 'file does not exist');
  // SFTPGo zips unless asked not to; the stand-in serves a single file as it is, and says so otherwise.
  if (ctx.query.get('compress') !== 'false') return apiResponse(501, '', 'the stand-in serves shares with compress=false only');
  return fileReply(path, data);
}

export const fileRoutes: Route[] = [
  { method: 'GET', path: '/user/files', auth: user, handle: download },
  { method: 'POST', path: '/user/files', auth: user, handle: uploadMultipart },
  { method: 'DELETE', path: '/user/files', auth: user, handle: deleteFile },
  { method: 'DELETE', path: '/user/dirs', auth: user, handle: deleteDir },
  { method: 'POST', path: '/user/files/upload', auth: user, handle: uploadRaw },
  { method: 'POST', path: '/user/shares', auth: user, handle: addShare },
  { method: 'DELETE', path: '/user/shares/{id}', auth: user, handle: deleteShare },
  { method: 'GET', path: '/shares/{id}', auth: { kind: 'public' }, handle: downloadShare },
];
