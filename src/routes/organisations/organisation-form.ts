import { z } from 'zod';
import { ORGANISATION_KINDS } from '$lib/domain/roles';
import { type FieldLabels, optionalText, requiredText } from '$lib/server/forms';

/** What the organisation's fields are called on the add and edit forms, to name them in errors. */
export const organisationLabels: FieldLabels = { name: 'Name', kind: 'Kind', odsCode: 'ODS code' };

/** The fields of an organisation, shared by the add and edit forms. */
export const organisationForm = z.object({
	name: requiredText('Enter the name of the organisation'),
	kind: z.enum(ORGANISATION_KINDS, { error: 'Choose the kind of organisation' }),
	odsCode: optionalText(10)
		.refine((v) => v === null || /^[A-Za-z0-9]{2,10}$/.test(v), 'Enter an ODS code of letters and numbers only, like 00T or RW3')
		.transform((v) => v?.toUpperCase() ?? null)
});
