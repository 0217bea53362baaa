import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../security/AuthLayout';
import './setup.css';

/** The wizard's numbered steps; the recovery key is shown within the account step. */
export const WIZARD_STEPS = ['language', 'office', 'account', 'server', 'backup'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** "Step 2 of 5" with the steps' names, the current one marked for screen readers too. */
export function WizardProgress({ step }: { step: WizardStep }) {
  const { t } = useTranslation('setup');
  const current = WIZARD_STEPS.indexOf(step);
  return (
    <div className="setup-progress no-print">
      <p className="setup-progress-count">
        {t('title')} · {t('progress', { step: current + 1, total: WIZARD_STEPS.length })}
      </p>
      <ol className="setup-steps">
        {WIZARD_STEPS.map((name, index) => (
          <li
            key={name}
            className={
              index < current ? 'setup-step--done' : index === current ? 'setup-step--current' : undefined
            }
            aria-current={index === current ? 'step' : undefined}
          >
            {t(`steps.${name}`)}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** One step's screen: the pre-app frame, the progress, then the step. */
export function WizardFrame({
  step,
  children,
  languageBar = true,
}: {
  step: WizardStep;
  children: ReactNode;
  /** The first step offers the languages itself. */
  languageBar?: boolean;
}) {
  return (
    <AuthLayout wide languageBar={languageBar}>
      <WizardProgress step={step} />
      {children}
    </AuthLayout>
  );
}
