import { exportResponse } from '../../versions.server';
import type { RequestHandler } from './$types';

/** The version as a Word document download. */
export const GET: RequestHandler = ({ locals, params, url }) => exportResponse(locals, params, url, 'docx');
