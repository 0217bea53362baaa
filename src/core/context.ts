import type { CallOutput, Method, ParsedInput } from '../shared/contract';
import type { Role } from '../shared/security';
import type { Casework } from './casework';
import type { ClientService } from './clients/service';
import type { Db } from './db/open';

/**
 * What every area of the core is built from; made once per `createCore`, which builds each area
 * once and hands it what it needs. The client registry and casework are here because areas
 * beside them (import, packets, documents, office, consent) build on them; what only one or two
 * areas use (the consent register, the office profile) is handed to those alone.
 */
export interface CoreContext {
  db: Db;
  dataDir: string;
  databaseFile: string;
  clock: () => Date;
  log: (line: string) => void;
  clients: ClientService;
  /** Casework's services (offices, procedures, partners, referrals, …), built once on this database. */
  casework: Casework;
  /** The name of whoever makes the current call (a username, or the CLI's system actor), for records that say who. */
  actor: () => string;
  /** The role of whoever makes the current call (the system actor is an admin); null outside a call. */
  actorRole: () => Role | null;
}

/** The functions behind a set of contract calls, each taking the already-validated input. */
export type Handlers<M extends Method = Method> = {
  [K in M]: (input: ParsedInput<K>) => CallOutput<K> | Promise<CallOutput<K>>;
};
