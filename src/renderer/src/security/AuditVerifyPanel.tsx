import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditVerification } from '../../../shared/security';
import { api } from '../api';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError, type Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';

/** The core's words for a broken chain (security/audit.ts), as translation keys. */
const CHAIN_PROBLEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^entries (\d+)–(\d+) are missing$/, 'security:audit.problem.missing'],
  [/^does not follow the entry before it/, 'security:audit.problem.notFollowing'],
  [/^was changed after it was written$/, 'security:audit.problem.changed'],
  [/^the latest entries were removed/, 'security:audit.problem.tailRemoved'],
];

function chainProblem(problem: string): Problem {
  for (const [pattern, key] of CHAIN_PROBLEMS) {
    const match = pattern.exec(problem);
    if (match) return { key, values: { first: match[1] ?? '', last: match[2] ?? '' } };
  }
  return { key: 'security:audit.problem.other', values: { problem } };
}

/** "Verify chain": walks the whole trail in the core and says OK with the count, or names each broken entry. */
export function AuditVerifyPanel() {
  const { t } = useTranslation('security');
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const verify = useAction(
    async () => {
      setFailure(null);
      setResult(await api.call('audit.verify', {}));
    },
    {
      onFailure: (error) => {
        setResult(null);
        setFailure(error);
      },
    },
  );

  return (
    <section className="card audit-verify" aria-labelledby="audit-verify-heading">
      <div className="page-header">
        <div>
          <h2 id="audit-verify-heading">{t('audit.verifyHeading')}</h2>
          <p className="muted">{t('audit.verifyHelp')}</p>
        </div>
        <button type="button" onClick={() => void verify.run()} disabled={verify.busy}>
          {t('audit.verify')}
        </button>
      </div>
      {failure ? <ProblemText className="banner banner-error" problem={problemFromError(failure)} /> : null}
      {result?.ok ? (
        <div className="banner banner-ok" role="status">
          {t('audit.chainOk', { count: result.entries })}
        </div>
      ) : null}
      {result && !result.ok ? (
        <div className="banner banner-error audit-problems" role="alert">
          <div>
            <strong>{t('audit.chainBroken', { count: result.problems.length })}</strong>
            <ul>
              {result.problems.map((problem, index) => {
                const described = chainProblem(problem.problem);
                const text = t(described.key, described.values);
                return (
                  // A problem list is not reordered; the same entry can have two problems.
                  <li key={index}>
                    {problem.seq === null ? text : t('audit.problemAt', { seq: problem.seq, problem: text })}
                  </li>
                );
              })}
            </ul>
          </div>
        </div>
      ) : null}
    </section>
  );
}
