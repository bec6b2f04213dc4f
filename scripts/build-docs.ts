// Builds the published API docs, docs/index.html, from openapi.yaml.
//
//   tsx scripts/build-docs.ts [--out <file>]
//
// `redocly build-docs` renders the page with Redoc. By default that page loads
// the Redoc bundle from cdn.redocly.com; `--inlineBundle` embeds the bundle
// that ships inside @redocly/cli (lib/chunks/redoc.standalone.js) instead, so
// the page works with no network at all. docs/template.hbs is Redocly's own
// template plus a Content-Security-Policy that forbids any other origin, which
// stops the one request Redoc would still make (its logo, from cdn.redoc.ly)
// before it leaves the browser.
//
// The output is a function of openapi.yaml, docs/template.hbs and the
// installed @redocly/cli only: two builds give the same bytes.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_OUT = join(ROOT, 'docs', 'index.html');
const SPEC = join(ROOT, 'openapi.yaml');
const TEMPLATE = join(ROOT, 'docs', 'template.hbs');

export interface BuildDocsResult {
  /** Absolute path of the written page. */
  out: string;
  /** Its size in bytes. */
  bytes: number;
}

/** Runs `redocly build-docs` and checks that the page it wrote is self-contained. */
export async function buildDocs(options: { out?: string } = {}): Promise<BuildDocsResult> {
  const out = resolve(options.out ?? DEFAULT_OUT);
  mkdirSync(dirname(out), { recursive: true });

  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
  const args = [
    cli,
    'build-docs',
    SPEC,
    '--inlineBundle',
    '--template',
    TEMPLATE,
    '--output',
    out,
  ];
  const { code, output } = await run(process.execPath, args, {
    ...process.env,
    // No usage report to Redocly after the command, and `disableTelemetry` in
    // the page's Redoc options.
    REDOCLY_TELEMETRY: 'off',
    // No "new version available" check against the npm registry.
    REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  });
  if (code !== 0) {
    throw new Error(`redocly build-docs exited with ${code}:\n${output}`);
  }
  // What redocly says besides its banners (the Node 20 end-of-life notice and
  // the "now renders docs with Redoc 3" notice are printed on every run).
  const remarks = withoutBanners(output)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^(Prerendering docs|Found .* and using '.*' options|🎉 bundled successfully)/u.test(line));
  for (const line of remarks) console.warn(`redocly: ${line}`);

  const html = readFileSync(out, 'utf8');
  const external = externalResources(html);
  if (external.length > 0) {
    throw new Error(`${out} loads resources from the network:\n  ${external.join('\n  ')}`);
  }
  if (!html.includes('http-equiv="Content-Security-Policy"')) {
    throw new Error(`${out} has no Content-Security-Policy: was docs/template.hbs used?`);
  }
  return { out, bytes: statSync(out).size };
}

/**
 * Tags in the page that would fetch from another origin: a script, stylesheet,
 * preload, image, frame or font URL that starts with http(s):// or //.
 */
export function externalResources(html: string): string[] {
  const found: string[] = [];
  const tag = /<(script|link|img|iframe|source|embed|object)\b[^>]*>/giu;
  for (const match of html.matchAll(tag)) {
    if (/\b(?:src|href|srcset|data)\s*=\s*["']?\s*(?:https?:)?\/\//iu.test(match[0])) {
      // An <a href> to another site is a link, not a load; <link> is only a
      // load for these relations.
      if (match[1]?.toLowerCase() === 'link' && !/\brel\s*=\s*["']?[^"'>]*(stylesheet|preload|modulepreload|icon|manifest|prefetch|preconnect|dns-prefetch)/iu.test(match[0])) continue;
      found.push(match[0].slice(0, 200));
    }
  }
  for (const match of html.matchAll(/@import\s+(?:url\()?\s*["']?(?:https?:)?\/\/[^;]*/giu)) found.push(match[0].slice(0, 200));
  for (const match of html.matchAll(/url\(\s*["']?(?:https?:)?\/\/[^)]*\)/giu)) found.push(match[0].slice(0, 200));
  // Module imports from a URL, as in the page build-docs writes without --inlineBundle.
  for (const match of html.matchAll(/\bimport\s*(?:\(\s*|[\w*{},\s]+?\bfrom\s*)["'](?:https?:)?\/\/[^"']*["']/gu)) found.push(match[0].slice(0, 200));
  return found;
}

function withoutBanners(text: string): string {
  // Banners are boxes drawn with ╔ ║ ╚ at the start of each line.
  return text
    .split('\n')
    .filter((line) => !/^\s*[╔║╚]/u.test(line))
    .join('\n');
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string', short: 'o' } },
    strict: true,
    allowPositionals: false,
  });
  const { out, bytes } = await buildDocs(values.out === undefined ? {} : { out: values.out });
  console.log(`${relative(process.cwd(), out) || out}: ${bytes} bytes (${Math.ceil(bytes / 1024)} KiB), self-contained`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
