// How a paper is described beside its link: its kind and size, as a reader would name them.

/** 1234567 → "1.2 MB", 2048 → "2 KB". */
export function formatSize(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
	return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** "application/pdf" → "PDF": the kind of file, as a reader would name it. */
export function describeFileType(contentType: string, filename: string): string {
	const extension = filename.includes('.') ? filename.split('.').pop()!.toUpperCase() : '';
	if (contentType === 'application/pdf') return 'PDF';
	return extension && extension.length <= 5 ? extension : 'file';
}
