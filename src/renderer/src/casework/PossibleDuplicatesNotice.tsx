import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PossibleDuplicate } from '../../../shared/casework';
import { api } from '../api';
import { pathTo } from '../router';
import { Link } from '../ui/Link';
import { clientName, formatDate } from './format';
import './casework.css';

const DEBOUNCE_MS = 300;

/**
 * For the new-client form: while the person types, records that may be the same person (same
 * JMBG, or a similar name in either script with the same birth date), each with a link to open it
 * instead. Shows nothing when there are none.
 */
export function PossibleDuplicatesNotice({
  surname,
  givenName,
  birthDate,
  jmbg,
  excludeId,
}: {
  surname: string;
  givenName: string;
  /** `YYYY-MM-DD`, or empty while not a full date. */
  birthDate: string | null;
  jmbg: string | null;
  excludeId?: string;
}) {
  const { t, i18n } = useTranslation('casework');
  const [found, setFound] = useState<{ for: string; items: PossibleDuplicate[] }>({ for: '', items: [] });
  const isoDate = birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? birthDate : null;
  const compactJmbg = (jmbg ?? '').replace(/\s+/g, '');
  const ready =
    compactJmbg.length === 13 || (isoDate !== null && surname.trim() !== '' && givenName.trim() !== '');
  const question = JSON.stringify([surname, givenName, isoDate, compactJmbg, excludeId]);

  useEffect(() => {
    if (!ready) return;
    let current = true;
    const timer = setTimeout(() => {
      api
        .call('clients.possibleDuplicates', {
          surname,
          givenName,
          birthDate: isoDate,
          jmbg: compactJmbg.length === 13 ? compactJmbg : null,
          excludeId: excludeId ?? null,
        })
        .then(
          (result) => current && setFound({ for: question, items: result.items }),
          // A failed check must not block entering a client; the save itself still checks the JMBG.
          () => current && setFound({ for: question, items: [] }),
        );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [ready, question, surname, givenName, isoDate, compactJmbg, excludeId]);

  const items = ready && found.for === question ? found.items : [];
  if (items.length === 0) return null;
  return (
    <aside className="notice notice-warning cw-duplicates" role="status" aria-label={t('duplicates.title')}>
      <strong>{t('duplicates.title')}</strong>
      <p>{t('duplicates.hint')}</p>
      <ul className="cw-list">
        {items.map(({ client, reasons }) => (
          <li key={client.id}>
            <Link to={pathTo('/clients/:id', { id: client.id })}>{clientName(client, i18n.language)}</Link>
            {client.birthDate ? (
              <span> · {t('duplicates.born', { date: formatDate(client.birthDate) })}</span>
            ) : null}
            {client.jmbg ? <span className="mono"> · {client.jmbg}</span> : null}
            <span className="muted">
              {' '}
              — {reasons.map((reason) => t(`duplicates.${reason}`)).join(', ')}
            </span>{' '}
            <Link to={pathTo('/clients/:id', { id: client.id })} className="button button-small">
              {t('duplicates.open')}
            </Link>
          </li>
        ))}
      </ul>
    </aside>
  );
}
