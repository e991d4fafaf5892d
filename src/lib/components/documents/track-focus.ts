import type { CollabDocument } from './collab.svelte';

const FIELDS = 'input, select, textarea, [contenteditable]';

/**
 * The words a person would use for where someone is: the field's label, after what it belongs to (`data-where`
 * above it): "Consolidate adult cardiac surgery: Lead". Off a field (on a button), only what it belongs to.
 */
function describe(target: HTMLElement): string {
	const field = target.closest<HTMLElement>(FIELDS);
	const context = (field ?? target).parentElement?.closest<HTMLElement>('[data-where]')?.dataset.where ?? '';
	if (!field) return context;
	const labelledBy = field.getAttribute('aria-labelledby');
	const own =
		field.getAttribute('aria-label') ??
		(labelledBy ? labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : null) ??
		(field as HTMLInputElement).labels?.[0]?.textContent ??
		'';
	const label = own.replace(/\s+/g, ' ').trim();
	if (!label) return context;
	return context && !label.startsWith(context) ? `${context}: ${label}` : label;
}

/**
 * Svelte action: tells the others which field of the document this person is in, so they see it outlined in this
 * person's colour and named in "Who is here".
 */
export function trackFocus(node: HTMLElement, collab: CollabDocument | null) {
	let current = collab;
	const focusin = (event: FocusEvent) => {
		const target = event.target as HTMLElement;
		const field = target.closest<HTMLElement>(FIELDS);
		const label = describe(target);
		current?.setWhere(label ? { fieldId: field?.id || null, label } : null);
	};
	const focusout = (event: FocusEvent) => {
		if (!node.contains(event.relatedTarget as Node | null)) current?.setWhere(null);
	};
	node.addEventListener('focusin', focusin);
	node.addEventListener('focusout', focusout);
	return {
		update(next: CollabDocument | null) {
			current = next;
		},
		destroy() {
			node.removeEventListener('focusin', focusin);
			node.removeEventListener('focusout', focusout);
		}
	};
}
