import type { AppointmentStatus } from '../../../shared/casework';
import type { Db } from '../../db/open';
import { uuidv7 } from '../../ids';
import { CLIENT_COLUMNS, type ClientColumns } from '../client-rows';

export interface AppointmentRow extends ClientColumns {
  id: string;
  office_id: string;
  date: string;
  time: string | null;
  purpose: string | null;
  status: AppointmentStatus;
  counsellor: string;
  updated_at: string;
}

export interface NewAppointment {
  clientId: string;
  officeId: string;
  date: string;
  time: string | null;
  purpose: string | null;
  counsellor: string;
}

/** The only place that knows how appointments are stored. */
export function createAppointmentRepository(db: Db) {
  const select = `SELECT a.id, a.office_id, a.date, a.time, a.purpose, a.status, a.counsellor, a.updated_at, ${CLIENT_COLUMNS}
    FROM appointments a JOIN clients c ON c.id = a.client_id`;
  const insert = db.prepare(
    `INSERT INTO appointments (id, client_id, office_id, date, time, purpose, status, counsellor, created_at, updated_at)
     VALUES (@id, @clientId, @officeId, @date, @time, @purpose, 'booked', @counsellor, @now, @now)`,
  );
  const byId = db.prepare<[string], AppointmentRow>(`${select} WHERE a.id = ? AND a.deleted_at IS NULL`);
  // Times first in order, then bookings without a time; removed clients drop off the list.
  const day = db.prepare<{ officeId: string; date: string }, AppointmentRow>(
    `${select} WHERE a.office_id = @officeId AND a.date = @date AND a.deleted_at IS NULL AND c.deleted_at IS NULL
     ORDER BY a.time IS NULL, a.time, c.surname, c.given_name`,
  );
  const ofClient = db.prepare<[string], AppointmentRow>(
    `${select} WHERE a.client_id = ? AND a.deleted_at IS NULL ORDER BY a.date DESC, a.time DESC`,
  );
  const bookedOn = db.prepare<{ clientId: string; officeId: string; date: string }, { id: string }>(
    `SELECT id FROM appointments WHERE client_id = @clientId AND office_id = @officeId AND date = @date
       AND status = 'booked' AND deleted_at IS NULL`,
  );
  const setStatus = db.prepare('UPDATE appointments SET status = @status, updated_at = @now WHERE id = @id');

  return {
    insert(appointment: NewAppointment, now: string): string {
      const id = uuidv7();
      insert.run({ ...appointment, id, now });
      return id;
    },
    get: (id: string): AppointmentRow | null => byId.get(id) ?? null,
    day: (officeId: string, date: string): AppointmentRow[] => day.all({ officeId, date }),
    ofClient: (clientId: string): AppointmentRow[] => ofClient.all(clientId),
    bookedOn: (clientId: string, officeId: string, date: string): string[] =>
      bookedOn.all({ clientId, officeId, date }).map((row) => row.id),
    setStatus: (id: string, status: AppointmentStatus, now: string) => {
      setStatus.run({ id, status, now });
    },
  };
}
