import { migration as clients } from './0001-clients';
import { migration as packets } from './0002-packets';
import { migration as casework } from './0003-casework';
import { migration as sync } from './0004-sync';
import { migration as security } from './0005-security';
import { migration as consent } from './0006-consent';
import { migration as erasure } from './0007-erasure';
import { migration as packetsSourced } from './0008-packets-sourced';
import { migration as auditKeyed } from './0009-audit-keyed';
import { migration as documents } from './0010-documents';
import { migration as scanInbox } from './0011-scan-inbox';
import { migration as documentSync } from './0012-document-sync';
import { migration as pageCodeKeysOffice } from './0013-page-code-keys-office';
import { migration as packetTemplateIds } from './0014-packet-template-ids';
import { migration as referralConsentWritten } from './0017-referral-consent-written';

/**
 * Numbered schema migrations, one file each (`0001-clients.ts`, …). Each runs in its own
 * transaction together with the `user_version` bump, so a failed step leaves the previous version.
 */
export type { Migration } from '../types';
import type { Migration } from '../types';

export const migrations: readonly Migration[] = [
  clients,
  packets,
  casework,
  sync,
  security,
  consent,
  erasure,
  packetsSourced,
  auditKeyed,
  documents,
  scanInbox,
  documentSync,
  pageCodeKeysOffice,
  packetTemplateIds,
  referralConsentWritten,
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;
