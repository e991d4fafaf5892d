type Named = { kind: 'terms-of-reference' | 'priorities' | 'raci'; financialYear: string | null };

/** What a co-edited document is called inside a sentence: "terms of reference", "RACI matrix", "priorities plan 2015/16". */
export function documentNoun(document: Named): string {
	switch (document.kind) {
		case 'terms-of-reference':
			return 'terms of reference';
		case 'raci':
			return 'RACI matrix';
		case 'priorities':
			// Names write the year 2015-16; people write it 2015/16.
			return document.financialYear ? `priorities plan ${document.financialYear.replace('-', '/')}` : 'priorities plan';
	}
}

/** What a co-edited document is called on its own, from the kind and year in its name ($lib/domain/documents/document-name.ts). */
export function documentTitle(document: Named): string {
	const noun = documentNoun(document);
	return noun.charAt(0).toUpperCase() + noun.slice(1);
}
