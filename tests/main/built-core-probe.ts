/**
 * Built with the CLI (scripts/build-cli.ts) by installed-layout.test.ts and run with plain Node from
 * a copy of the build: the built core renders one PDF of every kind (referral slip, consent form,
 * donors' report, privacy export, document packet) into the folder given, so the test sees
 * exactly what an installed app would produce. Node-only (no vitest here).
 *   node pdf-probe.js DATA_DIR OUT_DIR
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCore } from '../../src/core';

const [dataDir, outDir] = process.argv.slice(2);
if (!dataDir || !outDir) throw new Error('usage: pdf-probe.js DATA_DIR OUT_DIR');

const core = createCore({ dataDir, log: () => {} });
const write = (name: string, base64: string) =>
  writeFileSync(path.join(outDir, `${name}.pdf`), Buffer.from(base64, 'base64'));
try {
  const client = await core.call('clients.create', {
    client: {
      surname: 'Đorđević',
      givenName: 'Љубица',
      parentName: 'Milan',
      jmbg: '0101990715000',
      birthPlace: 'Niš',
      birthCountry: 'Srbija',
      citizenship: 'Republika Srbija',
      address: { place: 'Beograd', municipality: 'Voždovac', street: 'Ustanička', number: '12' },
      category: 'returnee_germany',
      preferredScript: 'latn',
      documents: [{ kind: 'id_card', number: '009876543', issuedOn: '2015-05-20', expiresOn: '2025-05-20' }],
    },
  });
  const partner = (await core.call('partners.list', {})).items[0]!;
  const referral = await core.call('referrals.create', {
    clientId: client.id,
    partnerId: partner.id,
    reason: 'Jednokratna novčana pomoć',
    consent: { given: true },
  });
  write('referral-slip', (await core.call('referrals.slip', { id: referral.id })).contentBase64);
  write(
    'consent-form',
    (await core.call('consents.form', { clientId: client.id, purpose: 'processing' })).contentBase64,
  );
  const today = new Date().toISOString().slice(0, 10);
  write(
    'report',
    (
      await core.call('reports.export', {
        from: '2020-01-01',
        to: today,
        officeId: null,
        format: 'pdf',
        language: 'sr-Latn',
      })
    ).contentBase64,
  );
  write('privacy-export', (await core.call('clients.exportAll', { id: client.id })).pdfBase64);
  const packet = await core.call('packets.render', {
    clientId: client.id,
    options: { procedure: 'id-card', allowBlank: true },
  });
  if (packet.status !== 'rendered') throw new Error('the packet did not render');
  write('packet', packet.pdfBase64);
  process.stdout.write(JSON.stringify({ clientId: client.id }));
} finally {
  core.close();
}
