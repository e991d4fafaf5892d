import { minutesExport } from '../minutes.server';
import type { RequestHandler } from './$types';

/** The minutes (?version=<id>, or as they stand; the approved minutes for the public) as a PDF (A4) download. */
export const GET: RequestHandler = ({ locals, params, url }) => minutesExport(locals, params, url, 'pdf');
