import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { latinToCyrillic } from '../../src/shared/script';
import { openOffice, personWithCasework, SECRETS } from './fixtures';

function pdfText(base64: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msc-privacy-pdf-')), 'export.pdf');
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

describe('clients.exportAll', () => {
  it('gives everything held about the person as JSON', async () => {
    const office = openOffice();
    const { client, brother, procedure, referral, partner, packet } = await personWithCasework(office.core);
    await office.core.call('clients.get', { id: client.id }); // a view, so the trail has one

    const result = await office.privacy['clients.exportAll']({ id: client.id });
    const data = JSON.parse(result.json);

    expect(data.format).toBe('msc-desk.client-export/1');
    expect(data.client).toMatchObject({
      id: client.id,
      surname: SECRETS.surname,
      givenName: SECRETS.givenName,
      jmbg: SECRETS.jmbg,
      phone: SECRETS.phone,
      notes: SECRETS.notes,
      addrStreet: SECRETS.street,
    });
    expect(data.client).not.toHaveProperty('searchKey');
    expect(data.documents).toEqual([
      expect.objectContaining({ kind: 'id_card', number: SECRETS.documentNumber }),
    ]);
    expect(data.services).toEqual([
      expect.objectContaining({ kind: 'counselling', note: SECRETS.serviceNote }),
    ]);
    expect(data.procedures).toHaveLength(1);
    expect(data.procedures[0]).toMatchObject({
      id: procedure.id,
      note: SECRETS.procedureNote,
      status: 'submitted',
    });
    expect(data.procedures[0].steps.length).toBeGreaterThan(0);
    expect(data.procedures[0].history.map((h: { note: string | null }) => h.note)).toContain(
      SECRETS.eventNote,
    );
    expect(data.referrals).toEqual([
      expect.objectContaining({
        id: referral.id,
        reason: SECRETS.referralReason,
        outcomeNote: SECRETS.outcomeNote,
        partner: expect.objectContaining({ name: partner.name }),
      }),
    ]);
    expect(data.appointments).toEqual([expect.objectContaining({ purpose: SECRETS.appointmentPurpose })]);
    expect(data.household).toEqual([
      expect.objectContaining({ relatedClientId: brother.id, relation: 'sibling', deletedAt: null }),
    ]);
    // What was printed, not the copy of the record the packet keeps for reprints.
    expect(data.printedPackets).toEqual([
      expect.objectContaining({ id: packet.id, procedure: 'id-card', events: expect.any(Array) }),
    ]);
    expect(data.printedPackets[0]).not.toHaveProperty('snapshot');
    // The referral was made with the person's consent to share with that partner.
    expect(data.consents).toEqual([
      expect.objectContaining({ purpose: 'sharing', partnerId: partner.id, withdrawnOn: null }),
    ]);
    const actions = data.audit.map((entry: { method: string }) => entry.method);
    expect(actions).toEqual(
      expect.arrayContaining(['clients.create', 'clients.get', 'services.log', 'procedures.advance']),
    );
    // The relative's own record is theirs: only their id appears.
    expect(result.json).not.toContain('Stojadinović');
    expect(result.fileName).toMatch(new RegExp(`^msc-desk-export-${client.id.slice(0, 8)}-2025-03-14$`));
    expect(result.fileName).not.toContain(SECRETS.surname);
  });

  it('gives a readable PDF in the script the person reads', async () => {
    const office = openOffice();
    const { client } = await personWithCasework(office.core);
    const result = await office.privacy['clients.exportAll']({ id: client.id });
    const text = pdfText(result.pdfBase64);

    // The person prefers Cyrillic: names typed in Latin appear in Cyrillic, headings too.
    expect(text).toContain(latinToCyrillic(SECRETS.surname));
    expect(text).toContain(latinToCyrillic(SECRETS.givenName));
    expect(text).not.toContain(SECRETS.surname);
    expect(text).toContain('Подаци које Центар чува о особи');
    expect(text).toContain('Евиденција приступа');
    expect(text).toContain(SECRETS.jmbg);
    expect(text).toContain(SECRETS.serviceNote);
    expect(text).toContain(SECRETS.referralReason);
    expect(text).toContain(SECRETS.appointmentPurpose);
    expect(text).toContain(SECRETS.documentNumber);
    expect(text).toContain('14.03.2025.');
  });

  it('refuses an unknown id', async () => {
    const office = openOffice();
    await expect(
      office.privacy['clients.exportAll']({ id: '0190a1b2-0000-7000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
