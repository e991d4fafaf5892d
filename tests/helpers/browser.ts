import AxeBuilder from '@axe-core/playwright';
import type { LaunchOptions, Page } from '@playwright/test';

/** Debian's Chromium, headless on a closed network: no sandbox as root, and no background calls out. */
export const CHROMIUM_LAUNCH: LaunchOptions = {
	executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
};

/** WCAG 2.2 AA, the portal's bar: every rule axe has for A and AA up to 2.2. */
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** What axe finds wrong with the page as it is now, each with where it was found; empty when nothing. */
export async function axeViolations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
	return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
