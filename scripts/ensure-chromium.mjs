// The browser tests, and the integration test that checks every public page with axe, drive Debian's Chromium (Playwright's own browser download cannot work on these machines).
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (fs.existsSync(CHROMIUM)) process.exit(0);

if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
	console.log(`${CHROMIUM} is missing: installing Debian's chromium package…`);
	execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
	if (fs.existsSync(CHROMIUM)) process.exit(0);
}
console.error(
	`The browser tests need Chromium at ${CHROMIUM}. Install it with:\n  sudo apt-get install chromium\n` +
		'or set CHROMIUM_PATH to a Chromium or Chrome binary.'
);
process.exit(1);
