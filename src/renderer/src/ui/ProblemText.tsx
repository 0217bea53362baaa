import { useTranslation } from 'react-i18next';
import type { Problem } from './problems';

/** A problem in the UI's language; the core's own words, if any, as a tooltip for support. */
export function ProblemText({
  problem,
  id,
  className,
}: {
  problem: Problem;
  id?: string;
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <div id={id} className={className} role="alert" title={problem.raw}>
      {t(problem.key, problem.values ?? {})}
    </div>
  );
}
