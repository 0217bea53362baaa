import type { Content } from 'pdfmake/interfaces';
import type { ChecklistItem } from '../../../shared/packets';
import { formatAmount } from '../../../shared/payment/money';
import { toScript } from '../../../shared/script';
import { localDate } from '../../../shared/dates';
import { firstDocument, serbianDate, type Binding } from '../binding';
import { addMonths, CITIZENSHIP_MAX_AGE_MONTHS } from '../preflight';
import { applies, variantOf, type PacketSnapshot } from '../snapshot';
import { filledText } from './document';
import { SMALL_SIZE, TEXT_SIZE } from './metrics';
import { hasSlipsPage } from './slips';

/**
 * The first page: whose packet it is, what to bring (and what the desk already holds, from the
 * record's documents), where to go, deadlines, fees, and what the packet contains. In the script
 * the client reads.
 */
export function coverContent(snapshot: PacketSnapshot, binding: Binding): Content[] {
  const { options, procedure, phrases, client } = snapshot;
  const script = options.script;
  const say = (key: string) => toScript(phrases.texts[key] ?? key, script);
  const ctx = { script, binding, blank: say('blank') };
  const variant = variantOf(options);
  const today = localDate(snapshot.createdAt);

  const identity: Content = {
    table: {
      widths: [110, '*'],
      body: [
        [say('client'), { text: binding.get('client.fullName') ?? '', bold: true }],
        [say('jmbg'), binding.get('client.jmbg') ?? '—'],
        [say('address'), binding.get('client.address.line') ?? '—'],
        [
          say('preparedOn'),
          [binding.get('packet.date'), binding.get('options.desk'), binding.get('options.counsellor')]
            .filter(Boolean)
            .join(' · '),
        ],
      ],
    },
    layout: 'noBorders',
    fontSize: TEXT_SIZE,
    margin: [0, 6, 0, 8],
  };

  const variantLine: Content[] = [];
  if (options.residenceVariant)
    variantLine.push({ text: say(`variant.${options.residenceVariant}`), bold: true, margin: [0, 0, 0, 6] });
  if (options.basis)
    variantLine.push({ text: say(`basis.${options.basis}`), bold: true, margin: [0, 0, 0, 6] });

  const bring = procedure.bring
    .filter((item) => applies(item.when, variant))
    .map((item) => checklistLine(item));

  function checklistLine(item: ChecklistItem): Content {
    // The box in its own column, so a wrapped line lines up with the text rather than the box.
    const line: Content = {
      columns: [
        { text: '☐', width: 16, fontSize: 12, lineHeight: 0.9 },
        { text: filledText(item.text, ctx), width: '*' },
      ],
    };
    const held = item.held ? firstDocument(client, item.held) : null;
    if (!held) return { stack: [line], margin: [0, 2, 0, 2] };
    const details = [
      held.number ? `${say('number')} ${held.number}` : null,
      held.issuedOn ? `${say('issued')} ${serbianDate(held.issuedOn)}` : null,
      held.expiresOn ? `${say('expires')} ${serbianDate(held.expiresOn)}` : null,
    ].filter(Boolean);
    const tooOld =
      item.held === 'citizenship_certificate' &&
      ((held.expiresOn !== null && held.expiresOn < today) ||
        (held.issuedOn !== null && addMonths(held.issuedOn, CITIZENSHIP_MAX_AGE_MONTHS) < today));
    return {
      stack: [
        line,
        {
          text: [
            { text: `✓ ${say('heldNote')}` },
            { text: details.length > 0 ? `: ${details.join(', ')}` : '' },
            { text: tooOld ? ` — ${say('tooOld')}` : '', bold: true },
          ],
          fontSize: SMALL_SIZE,
          color: tooOld ? '#8a1c1c' : '#1f5f2a',
          margin: [16, 1, 0, 0],
        },
      ],
      margin: [0, 2, 0, 2],
    };
  }

  const section = (key: string): Content => ({ text: say(key), style: 'heading' });
  const fees: Content =
    snapshot.fees.length === 0
      ? { text: say('noFees'), fontSize: TEXT_SIZE }
      : {
          table: {
            widths: ['*', 'auto'],
            body: snapshot.fees.map((fee) => [
              toScript(fee.entry.label, script),
              fee.waiver
                ? {
                    text: `${say('waived')}\n${say('legalBasis')}: ${fee.waiver}`,
                    bold: true,
                    fontSize: SMALL_SIZE,
                  }
                : {
                    stack: [
                      { text: `${formatAmount(fee.entry.amountPara)} RSD`, bold: true },
                      // An amount the sources could not confirm for today says so.
                      ...(fee.entry.verify
                        ? [{ text: say('confirmAtCounterShort'), fontSize: 7, color: '#8a1c1c' }]
                        : []),
                    ],
                    alignment: 'right',
                  },
            ]),
          },
          layout: 'lightHorizontalLines',
          fontSize: TEXT_SIZE,
        };

  const contents = [
    ...snapshot.templates.map((template) => toScript(template.title, script)),
    ...(hasSlipsPage(snapshot) ? [say('slipsName')] : []),
    say('instructionsName'),
  ];

  return [
    { text: say('coverTitle'), style: 'kicker' },
    { text: toScript(procedure.title, script), style: 'coverTitle' },
    identity,
    ...variantLine,
    {
      text: toScript(procedure.summary, script),
      fontSize: TEXT_SIZE,
      lineHeight: 1.25,
      margin: [0, 0, 0, 4],
    },
    section('bring'),
    { stack: bring, fontSize: TEXT_SIZE },
    section('where'),
    ...procedure.where
      .filter((item) => applies(item.when, variant))
      .map((item): Content => ({
        text: filledText(item.text, ctx),
        fontSize: TEXT_SIZE,
        lineHeight: 1.2,
        margin: [0, 1, 0, 3],
      })),
    ...(procedure.deadlines.some((item) => applies(item.when, variant))
      ? [
          section('deadlines'),
          {
            ul: procedure.deadlines
              .filter((item) => applies(item.when, variant))
              .map((item) => ({ text: filledText(item.text, ctx) })),
            fontSize: TEXT_SIZE,
            lineHeight: 1.2,
          } as Content,
        ]
      : []),
    section('fees'),
    fees,
    section('contents'),
    { ol: contents, fontSize: SMALL_SIZE, lineHeight: 1.2 },
  ];
}
