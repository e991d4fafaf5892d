import { z } from 'zod';
import { londonDate, londonTime, londonToInstant } from '$lib/domain/london-time';
import { type FieldLabels, isoDate, optionalText, requiredText } from '$lib/server/forms';
import type { Meeting, MeetingInput } from '$lib/server/meeting';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const time = (message: string) => z.string().trim().regex(TIME, message);

/** What a meeting's fields are called on the page (MeetingFields.svelte), to name them in errors. */
export const meetingLabels: FieldLabels = {
	title: 'Meeting title',
	date: 'Date',
	startTime: 'Start time',
	endTime: 'End time',
	place: 'Place',
	videoLink: 'Video link',
	held: 'Meeting already held'
};

/** The fields of a meeting as typed (London wall-clock time), converted to instants. */
export const meetingSchema = z
	.object({
		title: requiredText('Enter a title for the meeting, like: June meeting'),
		date: isoDate('Enter the date of the meeting as a real date, like 9 June 2015'),
		startTime: time('Enter the start time as hours and minutes on the 24-hour clock, like 14:00'),
		endTime: time('Enter the end time as hours and minutes on the 24-hour clock, like 16:00'),
		place: optionalText(200),
		videoLink: z
			.string()
			.trim()
			.max(500, 'Enter a video link of at most 500 characters')
			.refine((v) => v === '' || /^https:\/\/[^\s]+$/.test(v), 'Enter the video link as a full web address starting https://, or leave it empty')
	})
	.superRefine((v, ctx) => {
		if (TIME.test(v.startTime) && TIME.test(v.endTime) && v.endTime <= v.startTime) {
			ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'The end time must be after the start time' });
		}
	})
	.transform(
		(v): MeetingInput => ({
			title: v.title,
			startsAt: londonToInstant(v.date, v.startTime),
			endsAt: londonToInstant(v.date, v.endTime),
			place: v.place ?? '',
			videoLink: v.videoLink
		})
	);

/** A meeting's fields as the form shows them, in London time. */
export function meetingValues(m: Pick<Meeting, 'title' | 'startsAt' | 'endsAt' | 'place' | 'videoLink'>): Record<string, string> {
	return { title: m.title, date: londonDate(m.startsAt), startTime: londonTime(m.startsAt), endTime: londonTime(m.endsAt), place: m.place, videoLink: m.videoLink };
}
