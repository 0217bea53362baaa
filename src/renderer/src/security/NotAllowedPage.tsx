import { useTranslation } from 'react-i18next';
import { HOME_PATH } from '../router';
import { Link } from '../ui/Link';
import { useSession } from './session-context';

/** A page the signed-in role may not open (typed into the address, or an old bookmark). */
export function NotAllowedPage() {
  const { t } = useTranslation('security');
  const { user } = useSession();
  return (
    <div className="page-body page-body--narrow">
      <header className="page-header">
        <h1>{t('notAllowed.title')}</h1>
      </header>
      <p>{t('notAllowed.body', { role: t(`role.${user.role}`) })}</p>
      <p>
        <Link to={HOME_PATH}>{t('common:notFound.back')}</Link>
      </p>
    </div>
  );
}
