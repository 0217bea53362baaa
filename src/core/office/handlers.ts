import type { officeCalls } from '../../shared/contract/office';
import type { Handlers } from '../context';
import type { OfficeProfileStore } from './profile';

type OfficeMethod = keyof typeof officeCalls;

export function officeHandlers(profile: OfficeProfileStore): Handlers<OfficeMethod> {
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
