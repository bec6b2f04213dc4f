// Launches Debian's Chromium (the `chromium` apt package) for browser tests.
// Never downloads a browser: .ci/install-chromium.sh installs it in CI.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The browser, or null when /usr/bin/chromium is missing (after a loud
 * warning; the caller skips its test). With CI=true a missing browser is an
 * error instead: CI must run the browser tests, not skip them.
 */
export async function launchChromium(): Promise<Browser | null> {
  if (!existsSync(CHROMIUM_PATH)) {
    const message =
      `${CHROMIUM_PATH} not found: browser tests need Debian's chromium package. ` +
      'Install it with `sh .ci/install-chromium.sh` (apt-get install chromium).';
    if (process.env.CI === 'true') throw new Error(`${message} CI=true, so this is a failure, not a skip.`);
    const bar = '!'.repeat(78);
    console.warn(`\n${bar}\n!! SKIPPING BROWSER TEST: ${message}\n${bar}\n`);
    return null;
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}
