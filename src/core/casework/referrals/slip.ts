import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Office, Referral, ReportLanguage } from '../../../shared/casework';
import type { Client } from '../../../shared/client';
import { toScript } from '../../../shared/script';
import { labelsFor } from '../labels';
import { serbianDate } from '../pdf';

/** The partner's name, and its city unless the name already says it. */
function partnerLine(partner: Referral['partner']): string {
  return partner.name.includes(partner.city) ? partner.name : `${partner.name}, ${partner.city}`;
}

/**
 * The A4 referral slip: who is referred to whom and why, the client's consent to share, the
 * reference code the partner quotes back, and a tear-off part for the partner's feedback.
 * Only what the partner needs is on it (no JMBG: data minimisation, DOMAIN.md §6).
 */
export function referralSlip(
  referral: Referral,
  client: Client,
  office: Office,
  language: ReportLanguage,
): TDocumentDefinitions {
  const l = labelsFor(language);
  const script = language === 'sr-Cyrl' ? 'cyrl' : 'latn';
  // Names, places and free text are shown in the slip's script (typed text converts best effort).
  const inScript = (value: string | null) =>
    value === null ? '' : language === 'en' ? value : toScript(value, script);
  const names = client.names[script];
  const address = [client.address.street, client.address.number, client.address.place]
    .filter(Boolean)
    .join(' ');
  const consent = referral.consent;
  const row = (label: string, value: string): Content[] => [
    { text: label, style: 'label' },
    { text: value, style: 'value' },
  ];

  return {
    info: { title: `${l.slip.title} ${referral.referenceCode}` },
    pageMargins: [50, 50, 50, 50],
    styles: {
      heading: { fontSize: 18, bold: true },
      code: { fontSize: 14, bold: true, alignment: 'right' },
      label: { fontSize: 9, color: '#444444' },
      value: { fontSize: 11 },
      small: { fontSize: 8, color: '#444444' },
    },
    content: [
      {
        columns: [
          // The office's name and the counsellor are shown as the office typed them.
          {
            text: [
              { text: `${l.slip.office}\n`, style: 'label' },
              [office.name, office.city].filter(Boolean).join(', '),
            ],
          },
          {
            text: [
              { text: `${l.slip.code}\n`, style: 'label' },
              { text: referral.referenceCode, style: 'code' },
            ],
            alignment: 'right',
          },
        ],
      },
      { text: l.slip.title.toUpperCase(), style: 'heading', margin: [0, 20, 0, 12] },
      {
        table: {
          widths: [130, '*'],
          body: [
            row(l.slip.to, inScript(partnerLine(referral.partner))),
            ...(referral.partner.address ? [row(l.slip.address, inScript(referral.partner.address))] : []),
            row(l.slip.client, `${names.surname} ${names.givenName}`),
            row(l.slip.birthDate, client.birthDate ? serbianDate(client.birthDate) : '—'),
            ...(client.phone ? [row(l.slip.phone, client.phone)] : []),
            ...(address ? [row(l.slip.address, inScript(address))] : []),
            row(l.slip.reason, inScript(referral.reason)),
            row(l.slip.date, serbianDate(referral.referredOn)),
            row(l.slip.counsellor, referral.counsellor),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      { text: l.slip.consent, style: 'label', margin: [0, 14, 0, 2] },
      {
        // An admin may print without consent on record; the slip then claims none.
        text: consent.given
          ? `${l.slip.consentText} (${consent.how ? l.consentHow[consent.how] : ''}${
              consent.recordedAt ? `, ${serbianDate(consent.recordedAt.slice(0, 10))}` : ''
            })`
          : '—',
      },
      { text: `${l.slip.quoteBack}: ${referral.referenceCode}`, margin: [0, 10, 0, 0] },
      {
        columns: [
          { text: `${l.slip.counsellorSignature}\n\n______________________________`, style: 'label' },
          { text: `${l.slip.clientSignature}\n\n______________________________`, style: 'label' },
        ],
        margin: [0, 30, 0, 0],
      },
      {
        text: '- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -',
        margin: [0, 40, 0, 10],
        color: '#888888',
      },
      { text: `${l.slip.returnPart} — ${referral.referenceCode}`, bold: true },
      { text: l.slip.returnIntro, style: 'small', margin: [0, 2, 0, 8] },
      {
        stack: (['resolved', 'partly_resolved', 'not_resolved', 'client_did_not_go'] as const).map(
          (o) => `☐  ${l.outcome[o]}`,
        ),
        margin: [0, 0, 0, 8],
        lineHeight: 1.4,
      },
      {
        text: `${l.slip.date}: ____________    ${l.slip.partnerSignature}: ______________________________`,
        style: 'label',
      },
    ],
  };
}
