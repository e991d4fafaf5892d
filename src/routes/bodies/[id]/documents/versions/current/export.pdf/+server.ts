import { exportResponse } from '../../versions.server';
import type { RequestHandler } from './$types';

/** The document as it is now (?doc=<document name>) as a PDF (A4) download. */
export const GET: RequestHandler = ({ locals, params, url }) => exportResponse(locals, params, url, 'pdf');
