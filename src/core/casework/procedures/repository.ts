import type { ProcedureKind, ProcedureStatus } from '../../../shared/casework';
import type { Db } from '../../db/open';
import { uuidv7 } from '../../ids';
import { CLIENT_COLUMNS, type ClientColumns } from '../client-rows';
import type { RecordDocument } from './deadlines';

export interface ProcedureRow {
  id: string;
  client_id: string;
  office_id: string;
  kind: ProcedureKind;
  status: ProcedureStatus;
  counsellor: string;
  opened_on: string;
  settled_on: string | null;
  submitted_on: string | null;
  closed_on: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export type InProgressRow = Pick<
  ProcedureRow,
  'id' | 'client_id' | 'kind' | 'status' | 'opened_on' | 'settled_on' | 'submitted_on'
>;

export interface StepRow {
  procedure_id: string;
  step: string;
  done_on: string | null;
}

export interface EventRow {
  procedure_id: string;
  from_status: ProcedureStatus | null;
  to_status: ProcedureStatus;
  happened_on: string;
  note: string | null;
}

export interface PacketRow {
  procedure_id: string;
  packet_id: string;
  printed_at: string;
}

export interface NewProcedure {
  clientId: string;
  officeId: string;
  kind: ProcedureKind;
  counsellor: string;
  openedOn: string;
  settledOn: string | null;
  note: string | null;
}

const IN_PROGRESS = `('open', 'documents_gathering', 'submitted')`;

/** Binds a list of ids as one JSON parameter, so a query prepares once whatever the count. */
const idList = (ids: readonly string[]) => JSON.stringify(ids);

/** The only place that knows how procedures, their steps, history and packets are stored. */
export function createProcedureRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO procedures (id, client_id, office_id, kind, status, counsellor, opened_on, settled_on, note, created_at, updated_at)
     VALUES (@id, @clientId, @officeId, @kind, 'open', @counsellor, @openedOn, @settledOn, @note, @now, @now)`,
  );
  const insertStep = db.prepare(
    `INSERT INTO procedure_steps (id, procedure_id, step, done_on, created_at, updated_at)
     VALUES (@id, @procedureId, @step, @doneOn, @now, @now)
     ON CONFLICT (procedure_id, step) DO UPDATE SET done_on = excluded.done_on, updated_at = excluded.updated_at`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO procedure_events (id, procedure_id, from_status, to_status, happened_on, note, counsellor, created_at, updated_at)
     VALUES (@id, @procedureId, @from, @to, @on, @note, @counsellor, @now, @now)`,
  );
  const byId = db.prepare<[string], ProcedureRow>(
    'SELECT * FROM procedures WHERE id = ? AND deleted_at IS NULL',
  );
  const byClients = db.prepare<[string], ProcedureRow>(
    `SELECT * FROM procedures WHERE client_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL
     ORDER BY status IN ${IN_PROGRESS} DESC, opened_on DESC, created_at DESC`,
  );
  const stepsOf = db.prepare<[string], StepRow>(
    `SELECT procedure_id, step, done_on FROM procedure_steps
     WHERE procedure_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
  );
  const eventsOf = db.prepare<[string], EventRow>(
    `SELECT procedure_id, from_status, to_status, happened_on, note FROM procedure_events
     WHERE procedure_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY created_at, id`,
  );
  const packetsOf = db.prepare<[string], PacketRow>(
    `SELECT procedure_id, packet_id, printed_at FROM procedure_packets
     WHERE procedure_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY printed_at`,
  );
  const documentsOf = db.prepare<[string, string], RecordDocument & { client_id: string }>(
    `SELECT client_id, kind, issued_on AS issuedOn, expires_on AS expiresOn FROM client_documents
     WHERE client_id IN (SELECT value FROM json_each(?)) AND kind IN (SELECT value FROM json_each(?))
       AND deleted_at IS NULL`,
  );
  const setStatus = db.prepare(
    `UPDATE procedures SET status = @status, submitted_on = @submittedOn, closed_on = @closedOn, updated_at = @now
     WHERE id = @id AND deleted_at IS NULL`,
  );
  const setFields = db.prepare(
    `UPDATE procedures SET settled_on = @settledOn, counsellor = @counsellor, note = @note, updated_at = @now
     WHERE id = @id AND deleted_at IS NULL`,
  );
  const touch = db.prepare('UPDATE procedures SET updated_at = @now WHERE id = @id');
  const inProgressOfKind = db.prepare<{ clientId: string; kind: string }, ProcedureRow>(
    `SELECT * FROM procedures WHERE client_id = @clientId AND kind = @kind AND status IN ${IN_PROGRESS}
       AND deleted_at IS NULL ORDER BY opened_on DESC, created_at DESC LIMIT 1`,
  );
  const insertPacket = db.prepare(
    `INSERT INTO procedure_packets (id, procedure_id, packet_id, printed_at, created_at, updated_at)
     VALUES (@id, @procedureId, @packetId, @printedAt, @now, @now)
     ON CONFLICT (procedure_id, packet_id) DO NOTHING`,
  );
  const inProgressAtOffice = db.prepare<[string], InProgressRow>(
    `SELECT id, client_id, kind, status, opened_on, settled_on, submitted_on FROM procedures
     WHERE office_id = ? AND status IN ${IN_PROGRESS} AND deleted_at IS NULL`,
  );
  const clientsByIds = db.prepare<[string], ClientColumns>(
    `SELECT ${CLIENT_COLUMNS} FROM clients c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL`,
  );

  return {
    insert(procedure: NewProcedure, steps: readonly string[], now: string): string {
      const id = uuidv7();
      insert.run({ ...procedure, id, now });
      for (const step of steps) insertStep.run({ id: uuidv7(), procedureId: id, step, doneOn: null, now });
      insertEvent.run({
        id: uuidv7(),
        procedureId: id,
        from: null,
        to: 'open',
        on: procedure.openedOn,
        note: procedure.note,
        counsellor: procedure.counsellor,
        now,
      });
      return id;
    },

    get: (id: string): ProcedureRow | null => byId.get(id) ?? null,
    forClients: (clientIds: readonly string[]): ProcedureRow[] => byClients.all(idList(clientIds)),
    steps: (ids: readonly string[]): StepRow[] => stepsOf.all(idList(ids)),
    events: (ids: readonly string[]): EventRow[] => eventsOf.all(idList(ids)),
    packets: (ids: readonly string[]): PacketRow[] => packetsOf.all(idList(ids)),
    documents: (clientIds: readonly string[], kinds: readonly string[]) =>
      documentsOf.all(idList(clientIds), idList(kinds)),

    changeStatus(
      change: {
        id: string;
        from: ProcedureStatus;
        to: ProcedureStatus;
        on: string;
        note: string | null;
        counsellor: string;
        submittedOn: string | null;
        closedOn: string | null;
      },
      now: string,
    ): void {
      setStatus.run({
        id: change.id,
        status: change.to,
        submittedOn: change.submittedOn,
        closedOn: change.closedOn,
        now,
      });
      insertEvent.run({
        id: uuidv7(),
        procedureId: change.id,
        from: change.from,
        to: change.to,
        on: change.on,
        note: change.note,
        counsellor: change.counsellor,
        now,
      });
    },

    setFields(
      id: string,
      fields: { settledOn: string | null; counsellor: string; note: string | null },
      now: string,
    ) {
      setFields.run({ ...fields, id, now });
    },

    setStep(procedureId: string, step: string, doneOn: string | null, now: string): void {
      insertStep.run({ id: uuidv7(), procedureId, step, doneOn, now });
      touch.run({ id: procedureId, now });
    },

    inProgressOfKind: (clientId: string, kind: string): ProcedureRow | null =>
      inProgressOfKind.get({ clientId, kind }) ?? null,

    linkPacket(procedureId: string, packetId: string, printedAt: string, now: string): void {
      insertPacket.run({ id: uuidv7(), procedureId, packetId, printedAt, now });
      touch.run({ id: procedureId, now });
    },

    /** The dates of the procedures in progress at an office (read from one covering index). */
    inProgressAtOffice: (officeId: string): InProgressRow[] => inProgressAtOffice.all(officeId),
    /** Who some procedures are for; removed clients are left out. */
    clients: (clientIds: readonly string[]): ClientColumns[] => clientsByIds.all(idList(clientIds)),
  };
}

export type ProcedureRepository = ReturnType<typeof createProcedureRepository>;
