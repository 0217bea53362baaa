import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PROCEDURE_TRANSITIONS,
  ProcedureKind,
  type Procedure,
  type ProcedureStatus,
} from '../../../shared/casework';
import { api } from '../api';
import { DateInput } from '../ui/DateInput';
import { dateProblem } from '../ui/dates';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { Card } from './Card';
import { DeadlineLine } from './DeadlineBadge';
import { formatDate, todayIso } from './format';
import { caseworkProblem } from './problems';
import { useLoad } from '../ui/useLoad';
import { EnumSelect } from '../ui/EnumSelect';

/**
 * A client's procedures (or the whole household's): status and the moves it allows, the checklist,
 * deadlines, the packets printed for it and its history.
 */
export function ProceduresCard({
  clientId,
  names,
}: {
  clientId: string;
  names: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation('casework');
  const [household, setHousehold] = useState(false);
  const procedures = useLoad(
    () => api.call('procedures.list', { clientId, household }),
    `${clientId}:${household}`,
  );
  const [error, setError] = useState<unknown>(null);
  const [kind, setKind] = useState<ProcedureKind | ''>('');
  const [settledOn, setSettledOn] = useState('');

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      procedures.reload();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  }

  return (
    <Card
      title={t('procedures.title')}
      actions={
        <label className="cw-check">
          <input type="checkbox" checked={household} onChange={(e) => setHousehold(e.target.checked)} />
          {t('procedures.household')}
        </label>
      }
    >
      <form
        className="cw-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!kind) return;
          void run(() =>
            api.call('procedures.open', {
              clientId,
              kind,
              settledOn: kind === 'residence_registration' && settledOn ? settledOn : null,
            }),
          ).then((ok) => {
            if (ok) {
              setKind('');
              setSettledOn('');
            }
          });
        }}
      >
        <Field label={t('procedures.kind')}>
          {(control) => (
            <EnumSelect
              {...control}
              value={kind}
              onChange={setKind}
              required
              options={ProcedureKind.options}
              empty="—"
              label={(option) => t(`procedureKind.${option}`)}
            />
          )}
        </Field>
        {kind === 'residence_registration' ? (
          <Field label={t('procedures.settledOn')} hint={t('procedures.settledOnHint')}>
            {(control) => <DateInput {...control} value={settledOn} onChange={setSettledOn} />}
          </Field>
        ) : null}
        <button type="submit" className="button-primary">
          {t('procedures.open')}
        </button>
      </form>
      {error ? <ProblemText className="banner banner-error" problem={caseworkProblem(error, t)} /> : null}

      {procedures.data?.items.length === 0 ? <p className="muted">{t('procedures.none')}</p> : null}
      {procedures.data?.items.map((procedure) => (
        <ProcedureItem
          key={procedure.id}
          procedure={procedure}
          forName={procedure.clientId === clientId ? null : (names.get(procedure.clientId) ?? null)}
          run={run}
        />
      ))}
    </Card>
  );
}

function ProcedureItem({
  procedure,
  forName,
  run,
}: {
  procedure: Procedure;
  forName: string | null;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
}) {
  const { t } = useTranslation('casework');
  const [on, setOn] = useState(todayIso());
  // The move buttons are no form the browser checks, so the day is checked here before a move.
  const [onProblem, setOnProblem] = useState<Problem | null>(null);
  // A tick shows at once; it gives way to the saved state as soon as a newer version of the
  // procedure arrives (or is dropped when saving failed).
  const [ticking, setTicking] = useState<{ since: string; steps: Record<string, boolean> }>({
    since: '',
    steps: {},
  });
  const pending = ticking.since === procedure.updatedAt ? ticking.steps : {};
  const moves = PROCEDURE_TRANSITIONS[procedure.status];
  const advance = (to: ProcedureStatus) => {
    const problem = dateProblem(on, { max: todayIso() });
    setOnProblem(problem);
    if (!problem) void run(() => api.call('procedures.advance', { id: procedure.id, to, on: on || null }));
  };

  return (
    <article
      className={`cw-procedure cw-procedure-${procedure.status}`}
      aria-label={t(`procedureKind.${procedure.kind}`)}
    >
      <header className="cw-procedure-head">
        <strong>{t(`procedureKind.${procedure.kind}`)}</strong>
        <span className="badge">{t(`procedureStatus.${procedure.status}`)}</span>
        <span className="muted">
          {[
            t('procedures.openedOn', { date: formatDate(procedure.openedOn) }),
            procedure.submittedOn
              ? t('procedures.submittedOn', { date: formatDate(procedure.submittedOn) })
              : null,
            procedure.closedOn ? t('procedures.closedOn', { date: formatDate(procedure.closedOn) }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
        {forName ? <span className="muted">{t('procedures.forClient', { name: forName })}</span> : null}
      </header>

      {procedure.deadlines.length > 0 ? (
        <ul className="cw-plain">
          {procedure.deadlines.map((deadline) => (
            <li key={deadline.key}>
              <DeadlineLine deadline={deadline} />
            </li>
          ))}
        </ul>
      ) : null}

      <fieldset className="cw-steps" disabled={moves.length === 0}>
        <legend className="visually-hidden">{t('procedures.steps')}</legend>
        {procedure.steps.map((step) => (
          <label key={step.key} className="cw-check">
            <input
              type="checkbox"
              checked={pending[step.key] ?? step.done}
              onChange={(e) => {
                const done = e.target.checked;
                setTicking({ since: procedure.updatedAt, steps: { ...pending, [step.key]: done } });
                void run(() =>
                  api.call('procedures.update', { id: procedure.id, steps: { [step.key]: done } }),
                ).then((saved) => saved || setTicking({ since: '', steps: {} }));
              }}
            />
            {t(`step.${step.key}`, { defaultValue: step.key })}
            {step.doneOn ? <span className="muted"> · {formatDate(step.doneOn)}</span> : null}
          </label>
        ))}
      </fieldset>

      {moves.length > 0 ? (
        <div className="cw-moves" role="group" aria-label={t('procedures.change')}>
          <span className="muted">{t('procedures.next')}:</span>
          {moves.map((to) => (
            <button
              key={to}
              type="button"
              className={
                to === 'abandoned' || to === 'rejected' ? 'button-small button-danger-quiet' : 'button-small'
              }
              onClick={() => advance(to)}
            >
              {t(`moveTo.${to}`)}
            </button>
          ))}
          <Field label={t('procedures.on')} className="cw-on" problem={onProblem ?? undefined}>
            {(control) => <DateInput {...control} value={on} max={todayIso()} onChange={setOn} />}
          </Field>
        </div>
      ) : null}

      {procedure.packets.length > 0 ? (
        <div>
          <span className="muted">{t('procedures.packets')}: </span>
          {procedure.packets.map((packet) => (
            <span key={packet.packetId} className="badge">
              {t('procedures.packetPrinted', { date: formatDate(packet.printedAt.slice(0, 10)) })}
            </span>
          ))}
        </div>
      ) : null}

      <details>
        <summary className="muted">{t('procedures.history')}</summary>
        <ol className="cw-plain">
          {procedure.history.map((event, index) => (
            <li key={index}>
              {formatDate(event.on)} — {t(`procedureStatus.${event.to}`)}
              {event.note ? <span className="muted"> · {event.note}</span> : null}
            </li>
          ))}
        </ol>
      </details>
    </article>
  );
}
