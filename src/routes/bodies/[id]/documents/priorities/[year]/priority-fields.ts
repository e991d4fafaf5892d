/** The parts of a priority a comment can be on (a thread's anchor field; '' for the whole priority), in the plan's words. */
export const PRIORITY_COMMENT_FIELDS: readonly (readonly [key: string, words: string])[] = [
	['', 'The whole priority'],
	['title', 'Title'],
	['programme', 'Programme of care'],
	['services', 'Services'],
	['why', 'Why, and its scores'],
	['category', 'Category'],
	['lead', 'Lead and sub-group'],
	['milestones', 'Milestones'],
	['qipp', 'QIPP savings target'],
	['rag', 'RAG status']
];

/** A thread's anchor on a priority, or one of its parts, with the words that name it ("Cardiac surgery: services"). */
export function priorityAnchor(docName: string, priority: { id: string; title: string }, field: string) {
	const title = priority.title.trim() || 'Untitled priority';
	const words = PRIORITY_COMMENT_FIELDS.find(([key]) => key === field)?.[1];
	const label = field && words ? `${title}: ${words.toLowerCase()}` : title;
	return { label, anchor: { kind: 'priority', docName, priorityId: priority.id, field: field || null, label } };
}
