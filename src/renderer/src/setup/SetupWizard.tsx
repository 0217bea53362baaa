import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../shared/contract';
import { api } from '../api';
import { navigate } from '../router';
import { RecoveryKeyScreen } from '../security/RecoveryKeyScreen';
import { AccountStep } from './AccountStep';
import { BackupStep } from './BackupStep';
import { LanguageStep } from './LanguageStep';
import { checkOfficeDraft, emptyOfficeDraft, type OfficeDraft, type OfficeProblems } from './office-form';
import { OfficeStep } from './OfficeStep';
import {
  emptyOfficePacketDraft,
  officePacketInput,
  type OfficePacketDraft,
} from '../packets/OfficePacketSettings';
import { ServerStep } from './ServerStep';
import { WizardFrame, WizardProgress, type WizardStep } from './WizardFrame';

type Screen = WizardStep | 'recoveryKey';

/**
 * The first-run wizard: language and script, the office, the admin account (then the recovery key,
 * once), the sync server and a first backup. Nothing is saved before the account step, which
 * sends the office with the account in one call; Back works until then. After it, "Finish later"
 * leaves the last steps pending in the office settings, and the next admin sign-in resumes them
 * (`resume`). Done opens the dashboard.
 */
export function SetupWizard({
  resume,
  onSignedIn,
  onDone,
}: {
  /** Start at the steps after the account (an admin signed in with setup still pending). */
  resume: boolean;
  /** The account exists and its admin is signed in: the gate asks the core again. */
  onSignedIn: () => void;
  /** Finished or put off: the app opens. */
  onDone: () => void;
}) {
  const { t } = useTranslation('setup');
  const [screen, setScreen] = useState<Screen>(resume ? 'server' : 'language');
  const [office, setOffice] = useState<OfficeDraft>(emptyOfficeDraft);
  const [officeProblems, setOfficeProblems] = useState<OfficeProblems>({});
  const [packetDraft, setPacketDraft] = useState<OfficePacketDraft>(emptyOfficePacketDraft);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(false);
  const [finishError, setFinishError] = useState<unknown>(null);

  function openApp() {
    navigate('/', { force: true });
    onDone();
  }

  async function finish() {
    setFinishing(true);
    setFinishError(null);
    try {
      await api.call('office.finishSetup', {});
      openApp();
    } catch (error) {
      setFinishError(error);
      setFinishing(false);
    }
  }

  function created(result: CallOutput<'session.setup'>) {
    onSignedIn();
    // The office's police and registry offices, now that an admin is signed in; Settings → Office
    // shows them (and any problem) again, so a refusal here does not hold the wizard up.
    void api.call('packets.saveOfficeSettings', { settings: officePacketInput(packetDraft) }).catch(() => {});
    // Without a key to show (the core could not put one into words) the wizard goes straight on.
    setRecoveryKey(result.recoveryKey);
    setScreen(result.recoveryKey ? 'recoveryKey' : 'server');
  }

  const later = (
    <button type="button" className="button-quiet setup-later" onClick={openApp} disabled={finishing}>
      {t('action.finishLater')}
    </button>
  );

  switch (screen) {
    case 'language':
      return (
        <WizardFrame step="language" languageBar={false}>
          <LanguageStep
            packetScript={office.packetScript}
            onPacketScript={(packetScript) => setOffice((draft) => ({ ...draft, packetScript }))}
            onNext={() => setScreen('office')}
          />
        </WizardFrame>
      );
    case 'office':
      return (
        <WizardFrame step="office">
          <OfficeStep
            packetDraft={packetDraft}
            onPacketDraft={setPacketDraft}
            draft={office}
            onChange={setOffice}
            problems={officeProblems}
            onProblems={setOfficeProblems}
            onBack={() => setScreen('language')}
            onNext={() => setScreen('account')}
          />
        </WizardFrame>
      );
    case 'account': {
      const checked = checkOfficeDraft(office);
      // The office step let nobody past with problems; this only keeps the types honest.
      if (!checked.ok) return null;
      return (
        <WizardFrame step="account">
          <AccountStep
            office={checked.input}
            onBack={() => setScreen('office')}
            onCreated={created}
            onOfficeRefused={(problems) => {
              setOfficeProblems(problems);
              setScreen('office');
            }}
          />
        </WizardFrame>
      );
    }
    case 'recoveryKey':
      return (
        <RecoveryKeyScreen
          recoveryKey={recoveryKey ?? ''}
          progress={<WizardProgress step="account" />}
          onContinue={() => {
            setRecoveryKey(null);
            setScreen('server');
          }}
        />
      );
    case 'server':
      return (
        <WizardFrame step="server">
          <ServerStep onNext={() => setScreen('backup')} footer={later} />
        </WizardFrame>
      );
    case 'backup':
      return (
        <WizardFrame step="backup">
          <BackupStep
            onBack={() => setScreen('server')}
            onFinish={() => void finish()}
            finishing={finishing}
            finishError={finishError}
            // The last step has one way to finish ("skip and finish" leaves no backup folder);
            // "finish later" belongs to the steps before it.
            footer={null}
          />
        </WizardFrame>
      );
  }
}
