import {
  INVERSE_RELATION,
  type ChildFields,
  type HouseholdMember,
  type Relation,
} from '../../../shared/casework';
import { ClientInput, type Client } from '../../../shared/client';
import { AppError, validationError } from '../../../shared/errors';
import { clientSummaryFrom } from '../client-rows';
import type { CaseworkDeps } from '../deps';
import { createHouseholdRepository } from './repository';

/** A household is everyone reachable through links; more than this is a data problem, not a family. */
const HOUSEHOLD_LIMIT = 100;

/**
 * Household links between clients (spouse, child, parent…), so a family's procedures can be seen
 * together, and a child's record made from a parent's with the shared address already filled.
 */
export function createHouseholdService(deps: CaseworkDeps) {
  const { db, clock, clients } = deps;
  const repository = createHouseholdRepository(db);

  function members(clientId: string): HouseholdMember[] {
    return repository.ofClient(clientId).map((row) => ({
      linkId: row.id,
      // Stored as "related is <relation> of client"; seen from the other side it reads in reverse.
      relation: row.link_client_id === clientId ? row.relation : INVERSE_RELATION[row.relation],
      client: clientSummaryFrom(row),
    }));
  }

  function link(clientId: string, relatedClientId: string, relation: Relation): void {
    if (clientId === relatedClientId) {
      throw new AppError('VALIDATION', 'A client cannot be linked to themselves.', {
        fields: { relatedClientId: 'The same client' },
      });
    }
    clients.get(clientId);
    clients.get(relatedClientId);
    const now = clock().toISOString();
    const existing = repository.between(clientId, relatedClientId);
    if (!existing) repository.insert({ clientId, relatedClientId, relation }, now);
    // Linking a pair again corrects the relation, kept in the row's own direction.
    else
      repository.setRelation(
        existing.id,
        existing.client_id === clientId ? relation : INVERSE_RELATION[relation],
        now,
      );
  }

  return {
    list(clientId: string): HouseholdMember[] {
      clients.get(clientId);
      return members(clientId);
    },

    link(clientId: string, relatedClientId: string, relation: Relation): HouseholdMember[] {
      db.transaction(() => link(clientId, relatedClientId, relation)).immediate();
      return members(clientId);
    },

    unlink(linkId: string): { id: string } {
      const removed = db.transaction(() => repository.softDelete(linkId, clock().toISOString())).immediate();
      if (!removed) throw new AppError('NOT_FOUND', 'No household link with that id.');
      return { id: linkId };
    },

    /** The client and everyone linked to them, directly or through others. */
    memberIds(clientId: string): string[] {
      const seen = new Set([clientId]);
      const queue = [clientId];
      while (queue.length > 0 && seen.size < HOUSEHOLD_LIMIT) {
        for (const other of repository.neighbours(queue.shift()!)) {
          if (!seen.has(other)) {
            seen.add(other);
            queue.push(other);
          }
        }
      }
      return [...seen];
    },

    /**
     * A child's record from a parent's: the surname (unless given), address, residence status,
     * category, citizenship, return details and script come from the parent; then the two are linked.
     */
    createChild(parentId: string, child: ChildFields): Client {
      return db
        .transaction(() => {
          const parent = clients.get(parentId);
          const fields = ClientInput.safeParse({
            surname: child.surname ?? parent.surname,
            givenName: child.givenName,
            sex: child.sex,
            birthDate: child.birthDate,
            jmbg: child.jmbg,
            jmbgOverrideReason: child.jmbgOverrideReason,
            address: parent.address,
            residenceStatus: parent.residenceStatus,
            category: parent.category,
            citizenship: parent.citizenship,
            returnDate: parent.returnDate,
            returnCountry: parent.returnCountry,
            readmission: parent.readmission,
            preferredScript: parent.preferredScript,
          });
          if (!fields.success) throw validationError(fields.error, "child's record");
          const created = clients.create(fields.data);
          link(parentId, created.id, 'child');
          return created;
        })
        .immediate();
    },
  };
}

export type HouseholdService = ReturnType<typeof createHouseholdService>;
