import { expect, type Page } from '@playwright/test';
import { axeViolations } from '../helpers/browser';

/** Runs axe on the page as it is now and fails on any violation (WCAG 2.2 AA), listing each with where it was found. */
export async function expectAccessible(page: Page): Promise<void> {
	expect(await axeViolations(page), `axe found violations on ${page.url()}`).toEqual([]);
}
