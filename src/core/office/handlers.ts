import type { officeCalls } from '../../shared/contract/office';
import type { CoreContext, Handlers } from '../context';
import { createOfficeProfile } from './profile';

type OfficeMethod = keyof typeof officeCalls;

export function officeHandlers(ctx: CoreContext): Handlers<OfficeMethod> {
  const profile = createOfficeProfile(ctx);
  return {
    'office.profile': () => profile.read(),
    'office.saveProfile': ({ office }) => {
      profile.save(office);
      return profile.read();
    },
    'office.finishSetup': () => {
      profile.finishSetup();
      return profile.read();
    },
  };
}
