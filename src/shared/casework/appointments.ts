import { z } from 'zod';
import { ClientSummary, IsoDate } from '../client';
import { Counsellor, Id, text } from './fields';

/** Appointments, mostly on hotspot days. */

export const AppointmentStatus = z.enum(['booked', 'attended', 'no_show', 'cancelled']);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use the form HH:MM');

export const AppointmentInput = z.object({
  clientId: Id,
  date: IsoDate,
  time: TimeOfDay.nullish().transform((v) => v ?? null),
  purpose: text(500),
  officeId: Id.nullish().transform((v) => v ?? null),
  counsellor: Counsellor.nullish().transform((v) => v ?? null),
});
export type AppointmentInput = z.input<typeof AppointmentInput>;
export type AppointmentFields = z.output<typeof AppointmentInput>;

export const Appointment = z.object({
  id: z.string(),
  clientId: z.string(),
  officeId: z.string(),
  date: IsoDate,
  time: z.string().nullable(),
  purpose: z.string().nullable(),
  status: AppointmentStatus,
  counsellor: z.string(),
  /** Whether `date` is the office's hotspot weekday. */
  onHotspotDay: z.boolean(),
  client: ClientSummary,
});
export type Appointment = z.infer<typeof Appointment>;
