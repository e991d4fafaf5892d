/** One thing a combobox offers: the value posted and the label shown. */
export interface Choice {
	value: string;
	label: string;
}

/** Lower case without accents, so "sefton" finds "Sefton" and "Côte" finds "cote". */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The options a combobox shows for what was typed: every word typed appears in the label, anywhere (so "salford
 * ccg" finds "NHS Salford CCG"); those whose label starts with the first word come first. Nothing typed: all.
 */
export function matchOptions(options: Choice[], typed: string): Choice[] {
	const words = folded(typed).split(/\s+/).filter(Boolean);
	if (words.length === 0) return options;
	const found = options.filter((o) => {
		const label = folded(o.label);
		return words.every((w) => label.includes(w));
	});
	const starts = (o: Choice) => folded(o.label).startsWith(words[0]!);
	return [...found.filter(starts), ...found.filter((o) => !starts(o))];
}
