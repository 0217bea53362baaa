/**
 * src/core — the application itself, plain Node: the database, the client registry and every
 * capability behind the contract. It imports only `src/shared` and never `electron`, so the
 * same core runs in Electron's utility process, the web host, the CLI and the tests.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { contract, isMethod, type CallInput, type CallOutput, type Method } from '../shared/contract';
import { AppError, toErrorShape, validationError } from '../shared/errors';
import { createCasework } from './casework';
import { caseworkHandlers } from './casework/handlers';
import { consentHandlers, createConsentService } from './consent';
import { clientHandlers } from './clients/handlers';
import { createClientService } from './clients/service';
import type { CoreContext, Handlers } from './context';
import { systemHandlers } from './db/handlers';
import { updatesHandlers } from './updates';
import { importHandlers } from './import';
import { createOfficeProfile, officeHandlers } from './office';
import { DATABASE_FILE, isEncryptedDatabase } from './db/file';
import { damagedDatabase, openDatabase } from './db/open';
import { syncOnOpen } from './sync/triggers';
import { packetHandlers } from './packets';
import { loadPacketResources } from './packets/resources';
import { privacyHandlers } from './privacy';
import { documentHandlers } from './documents';
import { backupHandlers } from './backup/handlers';
import { dailyBackupIfDue, makeBackup } from './backup/backups';
import { createAccounts } from './security/accounts';
import { createAuditLog } from './security/audit';
import { createAuditedCalls } from './security/audited-calls';
import { loadAuditKey } from './security/audit-key';
import { securityHandlers } from './security/handlers';
import { resolveDatabaseKey } from './security/keys';
import { auditActionOf, auditedRecord, CALL_RULES } from './security/policy';
import { createSession, type AccessMode, type Actor } from './security/session';
import { createOfficeSettings } from './security/settings';
import { syncHandlers } from './sync';
export interface CoreOptions {
  /** The folder holding the office database (and, later, backups and keys). */
  dataDir: string;
  /** Electron-ABI build of the SQLite module when running inside Electron. */
  nativeBinding?: string;
  /**
   * The database key. The desktop app passes the key it unsealed with safeStorage; elsewhere it
   * comes from MSC_DESK_KEY or the data folder's key file (see security/keys.ts).
   */
  databaseKey?: Buffer;
  /** Injected in tests for fixed dates. */
  clock?: () => Date;
  /** Where slow calls are reported; defaults to stderr. */
  log?: (line: string) => void;
  /**
   * Interactive for the desktop app and the web host (people sign in; roles are checked per call);
   * a named system actor for the CLI and tests. Default: the system actor "system".
   */
  access?: AccessMode;
  /** Daily and pre-migration backups into `<data>/backups` (default on). */
  automaticBackups?: boolean;
}

/** Calls slower than this are logged with their time (Signal Desktop's habit). */
const SLOW_CALL_MS = 40;

/**
 * The core's one face: hosts (src/main, src/web, src/cli) import from here, never from a file
 * inside (lint says no). Besides `createCore`, what a host needs before or without a core open.
 */
export * from './host';
export { restoreBackup } from './backup/backups';
export { columnLetter } from './import/columns';
export { checkDatabaseKey, keyOpensDatabase } from './security/key-check';
export { recoverKeyFile } from './security/recovery';
export { BundleError } from '../shared/node/bundle-seal';
export {
  certificatePin,
  fetchNetworkStack,
  formatPin,
  useHostNetworkStack,
  type ProxyResolver,
} from './sync/network';

export interface Core {
  readonly dataDir: string;
  /** Validates `input` against the contract, runs the call, validates what it returns. */
  call<M extends Method>(method: M, input: CallInput<M>): Promise<CallOutput<M>>;
  close(): void;
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  mkdirSync(options.dataDir, { recursive: true });
  const databaseFile = path.join(options.dataDir, DATABASE_FILE);
  const key =
    options.databaseKey ??
    resolveDatabaseKey(options.dataDir, isEncryptedDatabase(databaseFile), process.env, log).key;
  const automaticBackups = options.automaticBackups ?? true;
  const db = openDatabase(databaseFile, {
    nativeBinding: options.nativeBinding,
    key,
    beforeMigrate: automaticBackups
      ? (raw) => makeBackup(raw, options.dataDir, 'pre-migration', clock())
      : undefined,
    ...syncOnOpen,
  });
  if (automaticBackups) {
    try {
      dailyBackupIfDue(db, options.dataDir, clock());
    } catch (error) {
      // The daily snapshot reads every page: where a damaged file shows first.
      const damaged = toErrorShape(error).code === 'DATABASE_DAMAGED';
      db.close();
      throw damaged ? damagedDatabase(databaseFile) : error;
    }
  }

  const audit = createAuditLog(db, clock, loadAuditKey(options.dataDir, process.env, log));
  const auditedCalls = createAuditedCalls(db, audit);
  const accounts = createAccounts(db, clock);
  const settings = createOfficeSettings(db, clock);
  const session = createSession({
    mode: options.access ?? { kind: 'system', actor: 'system' },
    accounts,
    audit,
    clock,
    idleLockMinutes: settings.idleLockMinutes,
  });
  // Who makes the call in progress. Calls run concurrently (an async import while a search comes
  // in), so each call carries its own actor through its awaits rather than sharing one variable.
  const callActor = new AsyncLocalStorage<Actor | null>();
  const currentActor = () => callActor.getStore() ?? null;

  // Each area is built once here and handed what it needs; none keeps a per-database cache of
  // another. Which go on the context, and why: context.ts.
  const actor = () => currentActor()?.name ?? 'system';
  const clients = createClientService(db, clock);
  const consents = createConsentService({ db, clock, clients, actor });
  const casework = createCasework({ db, clock, clients, actor, consents });
  const ctx: CoreContext = {
    db,
    dataDir: options.dataDir,
    databaseFile,
    clock,
    log,
    clients,
    casework,
    actor,
    actorRole: () => currentActor()?.role ?? null,
  };
  const office = createOfficeProfile(ctx);

  // Each area contributes the handlers of its calls; the type demands one for every method.
  const handlers: Handlers = {
    ...systemHandlers(ctx, packetTemplates),
    ...updatesHandlers(ctx),
    ...securityHandlers({ accounts, audit, session, settings, office, databaseKey: key }),
    ...officeHandlers(office),
    ...backupHandlers(ctx, key),
    ...clientHandlers(ctx),
    ...importHandlers(ctx),
    ...caseworkHandlers(ctx),
    ...consentHandlers(ctx, consents),
    ...packetHandlers(ctx, { profile: office, accounts }),
    ...privacyHandlers(ctx),
    ...documentHandlers(ctx),
    ...syncHandlers(ctx),
  };

  let closed = false;

  return {
    dataDir: options.dataDir,

    async call(method, input) {
      if (closed) throw new AppError('INTERNAL', 'The application core has been closed.');
      if (!isMethod(method))
        throw new AppError('UNKNOWN_METHOD', `There is no call named "${String(method)}".`);
      // Both tables are total over the contract's methods (the compiler keeps them complete), and
      // isMethod refused any other name above: every call reaching here has a permission and a rule.
      const rule = CALL_RULES[method];
      const actor = session.authorize(method);
      const spec = contract[method];
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error, `input for ${method}`);
      const started = performance.now();
      const handler = handlers[method] as (input: unknown) => unknown;
      const action = auditActionOf(method, parsed.data);
      const detailOf = rule.detail as DetailOf | undefined;
      // The entry is written in the call's own write transaction (security/audited-calls.ts).
      const result: unknown = await callActor.run(actor, () =>
        action && actor
          ? auditedCalls.run(
              method,
              (output, noted) => ({
                actorId: actor.id,
                actor: actor.name,
                action,
                method,
                ...auditedRecord(method, parsed.data, output),
                detail: noted ?? detailFromInput(detailOf, parsed.data, output),
              }),
              () => handler(parsed.data),
            )
          : handler(parsed.data),
      );
      const elapsed = performance.now() - started;
      if (elapsed > SLOW_CALL_MS) log(`[core] slow call ${method}: ${elapsed.toFixed(1)} ms`);
      const checked = spec.output.safeParse(result);
      if (!checked.success) {
        log(`[core] ${method} returned data outside the contract: ${checked.error.message}`);
        throw new AppError('INTERNAL', 'Internal error; the details are in the log.');
      }
      return checked.data as CallOutput<typeof method>;
    },

    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

/** The versioned data files packets are made from, for the About box (read once, then kept). */
function packetTemplates(): { id: string; version: number }[] {
  const resources = loadPacketResources();
  return [...resources.procedures.values(), ...resources.templates.values(), resources.phrases].map(
    ({ content }) => ({ id: content.id, version: content.version }),
  );
}

type DetailOf = (i: unknown, o: unknown) => Record<string, string | number | boolean | null> | null;

/**
 * An asynchronous call's entry is written with its first write, before its output exists: a rule
 * whose detail needs only the input (a consent override's reason) still gives it then; one that
 * needs the output gives none.
 */
function detailFromInput(detailOf: DetailOf | undefined, input: unknown, output: unknown) {
  if (!detailOf) return null;
  if (output !== undefined) return detailOf(input, output) ?? null;
  try {
    return detailOf(input, undefined) ?? null;
  } catch {
    return null;
  }
}
