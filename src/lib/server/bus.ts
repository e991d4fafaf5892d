import { EventEmitter } from 'node:events';

/**
 * In-process notice that a live meeting changed, so that changes made through pages (form actions) reach the
 * people in the meeting as well as changes made through sockets. Across instances, socket.io's Redis adapter
 * carries the resulting broadcast, so the bus itself never needs to leave the process.
 */
export interface MeetingBus {
	changed(meetingId: string): void;
	onChanged(listener: (meetingId: string) => void): () => void;
}

export function createMeetingBus(): MeetingBus {
	const emitter = new EventEmitter();
	emitter.setMaxListeners(0);
	return {
		changed: (meetingId) => void emitter.emit('changed', meetingId),
		onChanged(listener) {
			emitter.on('changed', listener);
			return () => emitter.off('changed', listener);
		}
	};
}

/**
 * In-process notice that a co-edited document's stored log grew outside the collaboration server (a version
 * restored through a page), so the server loads the new updates for the people editing it now.
 */
export interface DocumentBus {
	changed(docName: string): void;
	onChanged(listener: (docName: string) => void): () => void;
}

export function createDocumentBus(): DocumentBus {
	const emitter = new EventEmitter();
	emitter.setMaxListeners(0);
	return {
		changed: (docName) => void emitter.emit('changed', docName),
		onChanged(listener) {
			emitter.on('changed', listener);
			return () => emitter.off('changed', listener);
		}
	};
}
