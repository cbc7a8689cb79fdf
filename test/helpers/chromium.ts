/**
 * Debian's headless Chromium for the report's browser and print tests, driven
 * by playwright-core (which downloads no browser). `.ci/run` installs it; off
 * CI a test without it skips with a message. The flags keep Chromium off the
 * network (this machine has none) and out of any profile.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

/** Launch headless Chromium; close the browser it returns. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
