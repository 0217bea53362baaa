import {
  type Appointment,
  type AppointmentFields,
  type AppointmentStatus,
  type Office,
} from '../../../shared/casework';
import { AppError } from '../../../shared/errors';
import { clientSummaryFrom } from '../client-rows';
import { isoWeekday } from '../dates';
import { nextTimestamp, todayOf, type CaseworkDeps } from '../deps';
import type { OfficeService } from '../offices/service';
import { createAppointmentRepository, type AppointmentRow } from './repository';

/** Which statuses each mark may follow; a counsellor may correct attended ↔ no-show on the day. */
const MARKS: Record<Exclude<AppointmentStatus, 'booked'>, readonly AppointmentStatus[]> = {
  attended: ['booked', 'no_show'],
  no_show: ['booked', 'attended'],
  cancelled: ['booked'],
};

/**
 * Hotspot days: a counsellor sits at an office on a fixed weekday; clients are booked for a day,
 * the day's list is worked through, and those who did not come are marked as no-shows.
 */
export function createAppointmentService(deps: CaseworkDeps, offices: OfficeService) {
  const { db, clock, clients } = deps;
  const repository = createAppointmentRepository(db);

  const isHotspotDay = (office: Office, date: string) => office.hotspotWeekday === isoWeekday(date);

  function appointmentOf(row: AppointmentRow, office: Office): Appointment {
    return {
      id: row.id,
      clientId: row.client_id,
      officeId: row.office_id,
      date: row.date,
      time: row.time,
      purpose: row.purpose,
      status: row.status,
      counsellor: row.counsellor,
      onHotspotDay: isHotspotDay(office, row.date),
      client: clientSummaryFrom(row),
    };
  }

  function mustGetRow(id: string): AppointmentRow {
    const row = repository.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'No appointment with that id.');
    return row;
  }

  const mustGet = (id: string): Appointment => {
    const row = mustGetRow(id);
    return appointmentOf(row, offices.get(row.office_id));
  };

  function mark(id: string, status: Exclude<AppointmentStatus, 'booked'>): Appointment {
    db.transaction(() => {
      const row = mustGetRow(id);
      if (row.status === status) return;
      if (!MARKS[status].includes(row.status)) {
        throw new AppError(
          'NOT_ALLOWED',
          `An appointment that is ${row.status} cannot be marked ${status}.`,
          {
            detail: { reason: 'appointment_status', from: row.status, to: status },
          },
        );
      }
      if (status !== 'cancelled' && row.date > todayOf(deps)) {
        throw new AppError('NOT_ALLOWED', `The appointment is on ${row.date}; mark it on the day or after.`, {
          detail: { reason: 'appointment_in_future' },
        });
      }
      repository.setStatus(id, status, nextTimestamp(clock, row.updated_at));
    }).immediate();
    return mustGet(id);
  }

  return {
    book(input: AppointmentFields): Appointment {
      if (input.date < todayOf(deps)) {
        throw new AppError('VALIDATION', 'An appointment is booked for today or a later day.', {
          fields: { date: 'In the past' },
        });
      }
      const id = db
        .transaction(() => {
          const client = clients.get(input.clientId);
          const office = offices.resolve(input.officeId);
          if (repository.bookedOn(input.clientId, office.id, input.date).length > 0) {
            throw new AppError(
              'NOT_ALLOWED',
              `${client.surname} ${client.givenName} is already booked on ${input.date}.`,
              {
                detail: { reason: 'already_booked' },
              },
            );
          }
          return repository.insert(
            {
              clientId: input.clientId,
              officeId: office.id,
              date: input.date,
              time: input.time,
              purpose: input.purpose,
              counsellor: input.counsellor ?? deps.actor(),
            },
            clock().toISOString(),
          );
        })
        .immediate();
      return mustGet(id);
    },

    /** A day's list at an office (today and this office by default). */
    day(date: string | null, officeId: string | null) {
      const office = offices.resolve(officeId);
      const day = date ?? todayOf(deps);
      return {
        date: day,
        office,
        isHotspotDay: isHotspotDay(office, day),
        items: repository.day(office.id, day).map((row) => appointmentOf(row, office)),
      };
    },

    listForClient(clientId: string): Appointment[] {
      clients.get(clientId);
      const byId = new Map(offices.list().map((office) => [office.id, office]));
      return repository
        .ofClient(clientId)
        .map((row) => appointmentOf(row, byId.get(row.office_id) ?? offices.get(row.office_id)));
    },

    markNoShow: (id: string) => mark(id, 'no_show'),
    markAttended: (id: string) => mark(id, 'attended'),
    cancel: (id: string) => mark(id, 'cancelled'),

    /** A service was given: the client's booking that day at that office counts as attended. */
    attendedBecauseServed(clientId: string, officeId: string, date: string): void {
      const now = clock().toISOString();
      for (const id of repository.bookedOn(clientId, officeId, date))
        repository.setStatus(id, 'attended', now);
    },
  };
}

export type AppointmentService = ReturnType<typeof createAppointmentService>;
