import type { privacyCalls } from '../../shared/contract/privacy';
import type { CoreContext, Handlers } from '../context';
import { gatherDossier } from './dossier';
import { eraseClient } from './erase';
import { CLIENT_FORM_DOCUMENT, clientFormCodes, pageCodeKeys } from '../documents/page-code';
import { renderDossierPdf } from './pdf';

type PrivacyMethod = keyof typeof privacyCalls;

export type PrivacyHandlers = Handlers<PrivacyMethod>;

/**
 * `clients.exportAll` and `clients.erase`: a person's right to see everything held about them
 * and to have it erased (DOMAIN.md §6).
 */
export function privacyHandlers({ db, clock }: Pick<CoreContext, 'db' | 'clock'>): PrivacyHandlers {
  return {
    'clients.exportAll': async ({ id }) => {
      const now = clock();
      const dossier = gatherDossier(db, id, now);
      // The copy handed to the person carries page codes like every page MSC Desk prints.
      const codes = clientFormCodes(pageCodeKeys(db, clock), id, CLIENT_FORM_DOCUMENT.dataExport);
      const pdf = await renderDossierPdf(dossier, codes);
      return {
        // No name in the file name: downloads folders of shared office PCs are read by everyone.
        fileName: `msc-desk-export-${id.slice(0, 8)}-${now.toISOString().slice(0, 10)}`,
        json: JSON.stringify(dossier, null, 2),
        pdfBase64: pdf.toString('base64'),
      };
    },
    'clients.erase': async ({ id }) => eraseClient(db, id, clock()),
  };
}
