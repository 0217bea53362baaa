import type { caseworkCalls } from '../../shared/contract/casework';
import { AppError } from '../../shared/errors';
import type { CoreContext, Handlers } from '../context';
import { localDate } from './dates';
import { exportReport } from './reports/export';

type CaseworkMethod = keyof typeof caseworkCalls;

export function caseworkHandlers(
  ctx: Pick<CoreContext, 'casework' | 'clock' | 'actorRole'>,
): Handlers<CaseworkMethod> {
  const c = ctx.casework;
  return {
    'offices.list': () => ({ items: c.offices.list() }),
    'offices.save': ({ id, office }) => c.offices.save(id, office),

    'services.log': (input) => c.serviceLog.log(input),
    'services.list': ({ clientId, limit }) => c.serviceLog.list(clientId, limit),
    'services.remove': ({ id }) => c.serviceLog.remove(id),

    'procedures.open': (input) => c.procedures.open(input),
    'procedures.advance': (input) => c.procedures.advance(input),
    'procedures.update': (input) => c.procedures.update(input),
    'procedures.get': ({ id }) => c.procedures.get(id),
    'procedures.list': ({ clientId, household }) => ({ items: c.procedures.list(clientId, household) }),

    'partners.list': (filter) => c.partners.list(filter),
    'partners.save': ({ id, partner }) => c.partners.save(id, partner),
    'partners.remove': ({ id }) => c.partners.remove(id),

    'referrals.create': (input) => c.referrals.create(input),
    'referrals.update': (input) => c.referrals.update(input),
    'referrals.list': ({ clientId }) => ({ items: c.referrals.list(clientId) }),
    'referrals.slip': ({ id, language, override }) => {
      // Printing without consent is an admin's decision, checked here in the core (not only the UI).
      if (override && ctx.actorRole() !== 'admin')
        throw new AppError(
          'FORBIDDEN',
          'Only an office admin may print a slip without the client’s consent.',
          {
            detail: { reason: 'consent_override' },
          },
        );
      return c.referrals.slip(id, language ?? null, override ?? null);
    },

    'household.link': ({ clientId, relatedClientId, relation }) => ({
      items: c.household.link(clientId, relatedClientId, relation),
    }),
    'household.unlink': ({ linkId }) => c.household.unlink(linkId),
    'household.list': ({ clientId }) => ({ items: c.household.list(clientId) }),
    'household.createChild': ({ parentId, child }) => c.household.createChild(parentId, child),

    'appointments.book': (input) => c.appointments.book(input),
    'appointments.today': ({ date, officeId }) => c.appointments.day(date ?? null, officeId),
    'appointments.list': ({ clientId }) => ({ items: c.appointments.listForClient(clientId) }),
    'appointments.markNoShow': ({ id }) => c.appointments.markNoShow(id),
    'appointments.markAttended': ({ id }) => c.appointments.markAttended(id),
    'appointments.cancel': ({ id }) => c.appointments.cancel(id),

    'clients.possibleDuplicates': (query) => ({ items: c.duplicates.find(query) }),

    'dashboard.get': ({ officeId }) => c.dashboard.get(officeId),

    'reports.run': (input) => c.reports.run(input),
    'reports.export': ({ format, language, ...period }) =>
      exportReport(c.reports.run(period), format, language, localDate(ctx.clock())),
  };
}
