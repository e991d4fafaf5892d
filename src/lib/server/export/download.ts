import { exportFileName, type ExportInput } from './content';
import { renderDocx } from './docx';
import { renderPdf } from './pdf';

export type ExportFormat = 'pdf' | 'docx';

const CONTENT_TYPES: Record<ExportFormat, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
};

/** A document rendered as a PDF or Word file, as a download named from `fileParts`. */
export async function exportDownload(input: ExportInput, fileParts: string[], format: ExportFormat): Promise<Response> {
	const bytes = format === 'pdf' ? await renderPdf(input) : await renderDocx(input);
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': CONTENT_TYPES[format],
			'content-disposition': `attachment; filename="${exportFileName(fileParts, format)}"`,
			'content-length': String(bytes.byteLength),
			// Documents can hold confidential business: never kept by a shared cache.
			'cache-control': 'private, no-store'
		}
	});
}
