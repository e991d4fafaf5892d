import PDFDocument from 'pdfkit';

/** A one-page PDF whose text is `text`, as a paper to upload: what the search reads the words of. */
export function pdfWith(text: string): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const pdf = new PDFDocument();
		const chunks: Buffer[] = [];
		pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
		pdf.on('end', () => resolve(Buffer.concat(chunks)));
		pdf.on('error', reject);
		pdf.fontSize(12).text(text);
		pdf.end();
	});
}
