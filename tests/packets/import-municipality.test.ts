import { describe, expect, it } from 'vitest';
import { openCore } from './fixtures';

/** Issue 12: the import resolves municipalities as the packets do, and its dry run names the ones it could not. */
describe('clients.import and municipality codes', () => {
  it('reports the rows whose municipality needs choosing or is unknown, and accepts them', async () => {
    const core = openCore();
    const csv = [
      'Prezime;Ime;Mesto;Opština',
      'Jovanović;Dragana;Niš;Пантелеј', // resolved: Pantelej 125
      'Petrović;Marko;Niš;', // Niš has five city municipalities: which one?
      'Nikolić;Ana;Bor;', // the place is the municipality
      'Ilić;Vesna;Beograd;Palilula', // Palilula of Beograd
      'Stojanović;Ivan;;Palilula', // which Palilula?
      'Marković;Jelena;Atlantida;', // unknown
    ].join('\n');
    const report = await core.call('clients.import', {
      fileName: 'klijenti.csv',
      contentBase64: Buffer.from(csv, 'utf8').toString('base64'),
      defaultCategory: 'returnee_germany',
      dryRun: true,
    });
    expect(report.acceptedCount).toBe(6);
    expect(report.unresolvedMunicipalities).toEqual([
      {
        row: 3,
        place: 'Niš',
        municipality: null,
        status: 'choose',
        options: ['Crveni krst', 'Mediana', 'Niška Banja', 'Palilula (Niš)', 'Pantelej'],
      },
      {
        row: 6,
        place: null,
        municipality: 'Palilula',
        status: 'ambiguous',
        options: ['Palilula', 'Palilula (Niš)'],
      },
      { row: 7, place: 'Atlantida', municipality: null, status: 'unknown', options: [] },
    ]);
  });
});
