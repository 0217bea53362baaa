import {
  CARRIED_MAX_BYTES,
  PART_BYTES,
  partsOf,
  type CarriedBack,
  type CarriedOut,
} from '../shared/document-sync';
import type { PulledChange } from '../shared/sync';
import type { Device } from './devices';
import { reachable } from './documents';
import {
  completeIfWhole,
  copyFromEarlierOffice,
  documentEpoch,
  documentKeyFor,
  markComplete,
  openPart,
  putSealedPart,
  sealedParts,
  sealPart,
  sha256Of,
  startContent,
  storedContent,
  sweepErasedContents,
} from './document-vault';
import type { Storage } from './storage';

/**
 * Documents in a carried sync file (shared/document-sync.ts), applied after the file's changes
 * (so the files' records are on the server first): the contents it carries are checked against
 * their addresses and kept as an online upload keeps them, under the same office scope; the
 * answer carries the contents the PC named as missing that its office holds, within
 * `CARRIED_MAX_BYTES`. An erasure the file carried reaches the contents too.
 */

export async function carriedDocuments(
  storage: Storage,
  device: Device,
  carried: CarriedOut | undefined,
  now: Date,
  /** What the answer brings: files among it come with their contents, a round trip sooner. */
  arriving: readonly PulledChange[] = [],
): Promise<CarriedBack | undefined> {
  await sweepErasedContents(storage);
  if (!carried) return undefined;
  const key = documentKeyFor(storage, () => {});
  const back: CarriedBack = {
    contents: [],
    held: [],
    refused: [],
    left: 0,
    // Named before this file's contents are kept: a PC forgets its marks, then learns `held`.
    epoch: await documentEpoch(storage, key, device.officeId),
  };
  for (const content of carried.contents) {
    const bytes = Buffer.from(content.base64, 'base64');
    try {
      await storage.transaction(async (tx) => {
        const file = await reachable(tx, device, content.file, content.sha256, 'send');
        const office = file.office;
        if (bytes.length !== file.size || sha256Of(bytes) !== content.sha256) throw new Error('mismatch');
        const held = await storedContent(tx, office, content.sha256);
        if (!held?.complete) {
          await startContent(tx, key, office, content.sha256, file.size, now);
          let allOurs = true;
          for (let part = 0; part < partsOf(file.size); part++) {
            const slice = bytes.subarray(part * PART_BYTES, (part + 1) * PART_BYTES);
            const inserted = await putSealedPart(
              tx,
              office,
              content.sha256,
              part,
              sealPart(key, office, content.sha256, part, slice),
            );
            allOurs &&= inserted;
          }
          // Every part kept is of the bytes checked against the address above: no read-back.
          // Parts an earlier upload left are of unknown bytes, so then the whole is checked.
          if (allOurs) await markComplete(tx, office, content.sha256, now);
          else if (!(await completeIfWhole(tx, key, office, content.sha256, now)))
            throw new Error('mismatch');
        }
      });
      back.held.push(content.sha256);
    } catch (error) {
      back.refused.push({
        sha256: content.sha256,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  let bytes = 0;
  const asked = new Map(carried.wanted.map((w) => [w.sha256, w]));
  for (const change of arriving) {
    const address = change.t === 'client_files' ? change.f?.sha256 : undefined;
    if (typeof address === 'string' && !asked.has(address))
      asked.set(address, { file: change.r, sha256: address });
  }
  for (const wanted of asked.values()) {
    const found = await storage.transaction(async (tx) => {
      try {
        const file = await reachable(tx, device, wanted.file, wanted.sha256);
        let held = await storedContent(tx, device.officeId, wanted.sha256);
        if (!held?.complete && (await copyFromEarlierOffice(tx, key, device.officeId, file, now)))
          held = await storedContent(tx, device.officeId, wanted.sha256);
        if (!held?.complete) return null;
        if (bytes + held.size > CARRIED_MAX_BYTES) return 'left' as const;
        const rows = await sealedParts(tx, device.officeId, wanted.sha256);
        const parts = rows.map((r) => openPart(key, device.officeId, wanted.sha256, r.part, r.sealed));
        if (parts.some((p) => p === null)) return null;
        return Buffer.concat(parts as Buffer[]);
      } catch {
        return null;
      }
    });
    if (found === 'left') back.left++;
    else if (found) {
      bytes += found.length;
      back.contents.push({ file: wanted.file, sha256: wanted.sha256, base64: found.toString('base64') });
    }
  }
  return back;
}
