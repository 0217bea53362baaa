import {
  CLOSED_STATUSES,
  PROCEDURE_KINDS,
  PROCEDURE_TRANSITIONS,
  type Deadline,
  type DeadlineItem,
  type Procedure,
  type ProcedureAdvanceFields,
  type ProcedureKind,
  type ProcedureOpenFields,
  type ProcedureStatus,
  type ProcedureUpdateFields,
} from '../../../shared/casework';
import { AppError } from '../../../shared/errors';
import { clientSummaryFrom } from '../client-rows';
import { nextTimestamp, todayOf, type CaseworkDeps } from '../deps';
import type { OfficeService } from '../offices/service';
import { DEADLINE_DOCUMENT_KINDS, deadlinesOf, nearDeadlineFilter } from './deadlines';
import { createProcedureRepository, type ProcedureRow } from './repository';

const groupBy = <T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> => {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};

export interface PacketPrinted {
  clientId: string;
  procedureKind: ProcedureKind;
  packetId: string;
  /** When it was printed; defaults to now. */
  printedAt?: string;
}

/**
 * Procedures followed until the document is in the client's hand (DOMAIN.md §2): the status
 * moves only along `PROCEDURE_TRANSITIONS`, each move is kept in the history, and the deadlines
 * are worked out from the procedure's dates and the documents on the client's record.
 */
export function createProcedureService(
  deps: CaseworkDeps,
  offices: OfficeService,
  /** The client and everyone linked to their household. */
  householdOf: (clientId: string) => string[],
) {
  const { db, clock, clients } = deps;
  const repository = createProcedureRepository(db);

  /** Full procedures for rows: steps, history, packets and today's deadlines, in few queries. */
  function assemble(rows: readonly ProcedureRow[]): Procedure[] {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const clientIds = [...new Set(rows.map((row) => row.client_id))];
    const steps = groupBy(repository.steps(ids), (s) => s.procedure_id);
    const events = groupBy(repository.events(ids), (e) => e.procedure_id);
    const packets = groupBy(repository.packets(ids), (p) => p.procedure_id);
    const documents = groupBy(repository.documents(clientIds, DEADLINE_DOCUMENT_KINDS), (d) => d.client_id);
    const today = todayOf(deps);
    return rows.map((row) => {
      const done = new Map((steps.get(row.id) ?? []).map((s) => [s.step, s.done_on]));
      return {
        id: row.id,
        clientId: row.client_id,
        officeId: row.office_id,
        kind: row.kind,
        status: row.status,
        counsellor: row.counsellor,
        openedOn: row.opened_on,
        settledOn: row.settled_on,
        submittedOn: row.submitted_on,
        closedOn: row.closed_on,
        note: row.note,
        // The catalogue decides the order; a step stored for an older catalogue still shows.
        steps: [...new Set([...PROCEDURE_KINDS[row.kind].steps, ...done.keys()])].map((key) => ({
          key,
          done: (done.get(key) ?? null) !== null,
          doneOn: done.get(key) ?? null,
        })),
        deadlines: deadlinesOf(
          row.kind,
          row.status,
          { openedOn: row.opened_on, settledOn: row.settled_on, submittedOn: row.submitted_on },
          documents.get(row.client_id) ?? [],
          today,
        ),
        packets: (packets.get(row.id) ?? []).map((p) => ({ packetId: p.packet_id, printedAt: p.printed_at })),
        history: (events.get(row.id) ?? []).map((e) => ({
          from: e.from_status,
          to: e.to_status,
          on: e.happened_on,
          note: e.note,
        })),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
    });
  }

  function mustGetRow(id: string): ProcedureRow {
    const row = repository.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'No procedure with that id.');
    return row;
  }

  const mustGet = (id: string): Procedure => assemble([mustGetRow(id)])[0]!;

  function notInFuture(date: string, field: string, what: string): void {
    if (date > todayOf(deps)) {
      throw new AppError('VALIDATION', `${what} cannot be in the future.`, {
        fields: { [field]: 'In the future' },
      });
    }
  }

  /** Moves a procedure along an allowed transition; anything else is refused before a write. */
  function advanceRow(row: ProcedureRow, to: ProcedureStatus, on: string, note: string | null): void {
    const allowed = PROCEDURE_TRANSITIONS[row.status];
    if (!allowed.includes(to)) {
      const options =
        allowed.length > 0 ? `From ${row.status} it can go to: ${allowed.join(', ')}.` : 'It is closed.';
      throw new AppError('NOT_ALLOWED', `A procedure that is ${row.status} cannot become ${to}. ${options}`, {
        fields: { to: 'Not allowed from the current status' },
        detail: { reason: 'transition', from: row.status, to, allowed },
      });
    }
    notInFuture(on, 'on', 'The date of a status change');
    if (on < row.opened_on) {
      throw new AppError(
        'VALIDATION',
        `The procedure was opened on ${row.opened_on}; a change cannot be dated earlier.`,
        {
          fields: { on: 'Before the procedure was opened' },
        },
      );
    }
    repository.changeStatus(
      {
        id: row.id,
        from: row.status,
        to,
        on,
        note,
        counsellor: row.counsellor,
        submittedOn: to === 'submitted' ? on : row.submitted_on,
        closedOn: CLOSED_STATUSES.has(to) ? on : null,
      },
      nextTimestamp(clock, row.updated_at),
    );
  }

  return {
    get: mustGet,
    assemble,

    open(input: ProcedureOpenFields): Procedure {
      const openedOn = input.openedOn ?? todayOf(deps);
      notInFuture(openedOn, 'openedOn', 'The opening date');
      const id = db
        .transaction(() => {
          const client = clients.get(input.clientId);
          const existing = repository.inProgressOfKind(input.clientId, input.kind);
          if (existing) {
            throw new AppError(
              'NOT_ALLOWED',
              `${client.surname} ${client.givenName} already has this procedure in progress (opened ${existing.opened_on}); continue that one.`,
              { detail: { reason: 'already_in_progress', existingId: existing.id } },
            );
          }
          return repository.insert(
            {
              clientId: input.clientId,
              officeId: offices.resolve(input.officeId).id,
              kind: input.kind,
              counsellor: input.counsellor ?? deps.actor(),
              openedOn,
              settledOn: input.settledOn,
              note: input.note,
            },
            PROCEDURE_KINDS[input.kind].steps,
            clock().toISOString(),
          );
        })
        .immediate();
      return mustGet(id);
    },

    advance(input: ProcedureAdvanceFields): Procedure {
      db.transaction(() =>
        advanceRow(mustGetRow(input.id), input.to, input.on ?? todayOf(deps), input.note),
      ).immediate();
      return mustGet(input.id);
    },

    update(input: ProcedureUpdateFields): Procedure {
      db.transaction(() => {
        const row = mustGetRow(input.id);
        const now = nextTimestamp(clock, row.updated_at);
        if (input.settledOn !== undefined || input.counsellor !== undefined || input.note !== undefined) {
          repository.setFields(
            row.id,
            {
              settledOn: input.settledOn === undefined ? row.settled_on : input.settledOn,
              counsellor: input.counsellor ?? row.counsellor,
              note: input.note === undefined ? row.note : input.note,
            },
            now,
          );
        }
        const known = new Set(PROCEDURE_KINDS[row.kind].steps);
        for (const [step, done] of Object.entries(input.steps ?? {})) {
          if (!known.has(step)) {
            throw new AppError('VALIDATION', `"${step}" is not a step of this procedure.`, {
              fields: { [`steps.${step}`]: 'Unknown step' },
            });
          }
          repository.setStep(row.id, step, done ? todayOf(deps) : null, now);
        }
      }).immediate();
      return mustGet(input.id);
    },

    list(clientId: string, household: boolean): Procedure[] {
      clients.get(clientId);
      return assemble(repository.forClients(household ? householdOf(clientId) : [clientId]));
    },

    /**
     * A packet was printed for a client: the procedure of that kind in progress shows the packet,
     * and one still `open` moves to `documents_gathering`. Returns null when the client has no
     * such procedure in progress (printing never fails because of casework).
     */
    recordPacketPrinted(printed: PacketPrinted): Procedure | null {
      const id = db
        .transaction(() => {
          const row = repository.inProgressOfKind(printed.clientId, printed.procedureKind);
          if (!row) return null;
          const printedAt = printed.printedAt ?? clock().toISOString();
          if (row.status === 'open') advanceRow(row, 'documents_gathering', todayOf(deps), 'Packet printed');
          repository.linkPacket(row.id, printed.packetId, printedAt, nextTimestamp(clock, row.updated_at));
          return row.id;
        })
        .immediate();
      return id === null ? null : mustGet(id);
    },

    /**
     * The procedures at an office whose next deadline is overdue or near, most urgent first
     * (the dashboard), with how many there are in all.
     */
    urgentAtOffice(officeId: string, limit: number): { items: DeadlineItem[]; count: number } {
      const rows = repository.inProgressAtOffice(officeId);
      // Documents only for the procedures whose rules read one (ID card and health insurance).
      const needDocuments = rows.filter((row) =>
        PROCEDURE_KINDS[row.kind].deadlines.some((rule) => 'document' in rule.from),
      );
      const documents = groupBy(
        needDocuments.length === 0
          ? []
          : repository.documents(
              [...new Set(needDocuments.map((row) => row.client_id))],
              DEADLINE_DOCUMENT_KINDS,
            ),
        (d) => d.client_id,
      );
      const today = todayOf(deps);
      const mayBeNear = nearDeadlineFilter(today);
      const urgent: { row: (typeof rows)[number]; deadline: Deadline }[] = [];
      for (const row of rows) {
        const dates = { openedOn: row.opened_on, settledOn: row.settled_on, submittedOn: row.submitted_on };
        const held = documents.get(row.client_id) ?? [];
        if (!mayBeNear(row.kind, row.status, dates, held)) continue;
        const first = deadlinesOf(row.kind, row.status, dates, held, today)[0];
        if (first && first.state !== 'later') urgent.push({ row, deadline: first });
      }
      // Plain code-unit order: ISO dates and UUIDv7 ids sort as text (localeCompare is far slower).
      const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      urgent.sort((a, b) => byText(a.deadline.dueOn, b.deadline.dueOn) || byText(a.row.id, b.row.id));
      // Names only for the lines shown; a removed client's procedure drops out of the list.
      const shown = urgent.slice(0, limit);
      const clientsById = new Map(
        repository
          .clients([...new Set(shown.map((u) => u.row.client_id))])
          .map((row) => [row.client_id, clientSummaryFrom(row)]),
      );
      const items = shown.flatMap(({ row, deadline }) => {
        const client = clientsById.get(row.client_id);
        return client ? [{ procedureId: row.id, kind: row.kind, status: row.status, deadline, client }] : [];
      });
      return { items, count: urgent.length };
    },
  };
}

export type ProcedureService = ReturnType<typeof createProcedureService>;
