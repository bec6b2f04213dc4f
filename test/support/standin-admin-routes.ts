// The stand-in's admin API, the part a test run needs to set itself up:
// users, admins and API keys, added and deleted as SFTPGo does it.
import { apiResponse, json, type Reply } from './standin-reply.js';
import { jsonBody, type Route, type RouteContext } from './standin-route.js';
import { uniqueId, type Account, type Realm } from './standin-state.js';

// SFTPGo's default naming rules: any name but empty, `.`, `..`, or one with a path separator or control character.
const USERNAME = /^(?!\.{1,2}$)[^/\\:*?"<>|\p{Cc}]{1,255}$/u;
const invalid = (error: string) => apiResponse(400, '', `Validation error: ${error}`);
const notFound = apiResponse(404, '', 'Not Found');
const admin = (apiKeys: boolean) => ({ kind: 'bearer', realm: 'admin', apiKeys }) as const;

/** A user or admin as SFTPGo echoes it after a change (a subset: no password, ever). */
function describe(realm: Realm, username: string, account: Account, body: Record<string, unknown>): Record<string, unknown> {
  return {
    status: account.disabled ? 0 : 1,
    username,
    ...(realm === 'user' ? { has_password: true, home_dir: body.home_dir ?? `/srv/sftpgo/data/${username}` } : {}),
    permissions: body.permissions,
    filters: { allow_api_key_auth: account.allowApiKeyAuth !== false },
  };
}

function addAccount(ctx: RouteContext, realm: Realm): Reply {
  const body = jsonBody(ctx);
  const { username, password } = body;
  if (typeof username !== 'string' || username === '') return invalid('username is mandatory');
  if (!USERNAME.test(username)) return apiResponse(400, '', 'invalid input');
  if (typeof password !== 'string' || password === '') return invalid('please set a password');
  const permissions = body.permissions as unknown;
  const permitted = realm === 'user' ? Array.isArray((permissions as Record<string, unknown> | undefined)?.['/']) : Array.isArray(permissions) && permissions.length > 0;
  if (!permitted) return invalid(`please grant some permissions to this ${realm}`);
  if (ctx.state.accounts[realm].has(username)) {
    const named = realm === 'user' ? `username ${username}` : `admin ${JSON.stringify(username)}`;
    return apiResponse(409, '', `duplicated key not allowed: ${named} already exists`);
  }
  const filters = (body.filters ?? {}) as Record<string, unknown>;
  const account: Account = { password, allowApiKeyAuth: filters.allow_api_key_auth === true, ...(body.status === 1 ? {} : { disabled: true }) };
  ctx.state.accounts[realm].set(username, account);
  if (realm === 'user') ctx.state.profiles.set(username, typeof body.email === 'string' && body.email ? { email: body.email } : {});
  const path = realm === 'user' ? `/api/v2/users/${encodeURIComponent(username)}` : `/api/v2/admins/${encodeURIComponent(username)}`;
  return json(201, describe(realm, username, account, body), { Location: path });
}

function getAccount(ctx: RouteContext, realm: Realm): Reply {
  const account = ctx.state.accounts[realm].get(ctx.params.username!);
  return account ? json(200, describe(realm, ctx.params.username!, account, {})) : notFound;
}

function deleteAccount(ctx: RouteContext, realm: Realm): Reply {
  const username = ctx.params.username!;
  if (realm === 'admin' && username === ctx.who.username) return apiResponse(400, '', 'you cannot delete yourself');
  if (!ctx.state.accounts[realm].delete(username)) return notFound;
  for (const [key, owner] of ctx.state.apiKeys) if (owner.realm === realm && owner.username === username) ctx.state.apiKeys.delete(key);
  if (realm === 'user') {
    ctx.state.profiles.delete(username);
    ctx.state.files.delete(username);
    ctx.state.dirs.delete(username);
    for (const [id, share] of ctx.state.shares) if (share.username === username) ctx.state.shares.delete(id);
  }
  return apiResponse(200, realm === 'user' ? 'User deleted' : 'Admin deleted');
}

function addApiKey(ctx: RouteContext): Reply {
  const body = jsonBody(ctx);
  if (typeof body.name !== 'string' || body.name === '') return apiResponse(400, '', 'name is mandatory');
  if (body.scope !== 1 && body.scope !== 2) return apiResponse(400, '', `invalid scope: ${JSON.stringify(body.scope)}`);
  const realm: Realm = body.scope === 1 ? 'admin' : 'user';
  const owner = realm === 'admin' ? body.admin : body.user;
  if (owner !== undefined && owner !== '' && (typeof owner !== 'string' || !ctx.state.accounts[realm].has(owner))) {
    return apiResponse(400, '', `the ${realm} associated with the API key does not exist`);
  }
  const id = uniqueId();
  const key = `${id}.${uniqueId()}`;
  ctx.state.apiKeys.set(key, { realm, ...(typeof owner === 'string' && owner ? { username: owner } : {}) });
  return json(
    201,
    { key, message: 'API key created. This is the only time the API key is visible, please save it.' },
    { Location: `/api/v2/apikeys/${id}`, 'X-Object-ID': id },
  );
}

function deleteApiKey(ctx: RouteContext): Reply {
  const key = [...ctx.state.apiKeys.keys()].find((k) => k.split('.')[0] === ctx.params.id);
  if (!key) return notFound;
  ctx.state.apiKeys.delete(key);
  return apiResponse(200, 'API key deleted');
}

export const adminRoutes: Route[] = [
  { method: 'POST', path: '/users', auth: admin(true), handle: (ctx) => addAccount(ctx, 'user') },
  { method: 'GET', path: '/users/{username}', auth: admin(true), handle: (ctx) => getAccount(ctx, 'user') },
  { method: 'DELETE', path: '/users/{username}', auth: admin(true), handle: (ctx) => deleteAccount(ctx, 'user') },
  { method: 'POST', path: '/admins', auth: admin(true), handle: (ctx) => addAccount(ctx, 'admin') },
  { method: 'GET', path: '/admins/{username}', auth: admin(true), handle: (ctx) => getAccount(ctx, 'admin') },
  { method: 'DELETE', path: '/admins/{username}', auth: admin(true), handle: (ctx) => deleteAccount(ctx, 'admin') },
  // SFTPGo manages API keys with a bearer token only.
  { method: 'POST', path: '/apikeys', auth: admin(false), handle: addApiKey },
  { method: 'DELETE', path: '/apikeys/{id}', auth: admin(false), handle: deleteApiKey },
];
