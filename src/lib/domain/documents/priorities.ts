import { PRIORITY_CRITERIA, type CriterionKey } from './layout';

export interface PriorityScores {
	id: string;
	title: string;
	/** Each criterion scored 0–3; a criterion not yet scored counts 0. */
	scores: Partial<Record<CriterionKey, number>>;
}

export interface RankedPriority {
	id: string;
	title: string;
	total: number;
	/** 1 is the highest; equal totals share a rank ("standard competition ranking": 1, 2, 2, 4). */
	rank: number;
}

/** A score a person typed, or null when it is not a whole number from 0 to 3. */
export function parseScore(value: unknown): number | null {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	return Number.isInteger(n) && n >= 0 && n <= 3 ? n : null;
}

/** Sums each priority's criteria scores and ranks them, highest total first; ties share a rank and keep their order. */
export function rankPriorities(priorities: PriorityScores[]): RankedPriority[] {
	const totals = priorities.map((p, index) => ({
		id: p.id,
		title: p.title,
		index,
		total: PRIORITY_CRITERIA.reduce((sum, c) => sum + (parseScore(p.scores[c.key]) ?? 0), 0)
	}));
	const ordered = [...totals].sort((a, b) => b.total - a.total || a.index - b.index);
	return ordered.map((p) => ({ id: p.id, title: p.title, total: p.total, rank: ordered.findIndex((q) => q.total === p.total) + 1 }));
}

/** The financial year containing a date: 1 April to 31 March, written "2015/16" for people and "2015-16" in names. */
export function financialYearOf(date: string): { label: string; key: string } {
	const [year, month] = date.split('-').map(Number) as [number, number];
	const start = month >= 4 ? year : year - 1;
	const end = String((start + 1) % 100).padStart(2, '0');
	return { label: `${start}/${end}`, key: `${start}-${end}` };
}
