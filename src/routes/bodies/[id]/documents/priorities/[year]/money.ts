export { penceToPounds, poundsToPence } from '$lib/domain/money';
