import { exportResponse } from '../../versions.server';
import type { RequestHandler } from './$types';

/** The version as a PDF (A4) download. */
export const GET: RequestHandler = ({ locals, params, url }) => exportResponse(locals, params, url, 'pdf');
