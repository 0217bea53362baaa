import type { consentCalls } from '../../shared/contract/consent';
import { renderPdf } from '../casework/pdf';
import { CLIENT_FORM_DOCUMENT, clientFormCodes, pageCodeKeys } from '../documents/page-code';
import type { CoreContext, Handlers } from '../context';
import { consentForm } from './form';
import type { ConsentService } from './service';

type ConsentMethod = keyof typeof consentCalls;

export function consentHandlers(
  ctx: Pick<CoreContext, 'db' | 'clock' | 'clients' | 'casework'>,
  consents: ConsentService,
): Handlers<ConsentMethod> {
  const { partners, offices } = ctx.casework;
  return {
    'consents.list': ({ clientId }) => ({ items: consents.list(clientId) }),
    'consents.record': (input) => consents.record(input),
    'consents.withdraw': (input) => consents.withdraw(input),
    async 'consents.form'({ clientId, purpose, partnerId }) {
      const client = ctx.clients.get(clientId);
      const partner = partnerId ? partners.get(partnerId) : null;
      const script = client.preferredScript;
      const document =
        purpose === 'sharing' ? CLIENT_FORM_DOCUMENT.sharingConsent : CLIENT_FORM_DOCUMENT.processingConsent;
      const pdf = await renderPdf(
        consentForm(client, offices.resolve(null), purpose, partner, script),
        // A signed form scanned back files itself on the client (documents/scan-in.ts).
        clientFormCodes(pageCodeKeys(ctx.db, ctx.clock), client.id, document),
      );
      return {
        fileName: `${purpose === 'sharing' ? 'saglasnost-deljenje' : 'saglasnost-obrada'}.pdf`,
        mimeType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
      };
    },
  };
}
