import { useTranslation } from 'react-i18next';
import type { Deadline } from '../../../shared/casework';
import { formatDate } from './format';

/** "Register residence by 13.03.2025" with how near it is: overdue in red, soon in amber. */
export function DeadlineLine({ deadline }: { deadline: Deadline }) {
  const { t } = useTranslation('casework');
  const state =
    deadline.state === 'overdue'
      ? // A card expected to be ready is not "overdue" for the client; it is time to collect it.
        deadline.key === 'id_card_ready'
        ? t('deadlineState.ready')
        : t('deadlineState.overdue', { count: -deadline.daysLeft })
      : deadline.daysLeft === 0
        ? t('deadlineState.today')
        : t('deadlineState.soon', { count: deadline.daysLeft });
  const tone =
    deadline.state === 'overdue' ? 'badge-danger' : deadline.state === 'soon' ? 'badge-warning' : '';
  return (
    <span className="cw-deadline">
      <span>{t(`deadline.${deadline.key}`, { date: formatDate(deadline.dueOn) })}</span>
      <span className={['badge', tone].filter(Boolean).join(' ')}>{state}</span>
    </span>
  );
}
