/** The client form's dates are the UI's dates; they live in `ui/dates.ts` beside `DateInput`. */
export { dateTextToIso, formatDate, formatTimestamp, isExpired, todayIso } from '../ui/dates';
