import type { Content } from 'pdfmake/interfaces';
import { buildIpsQr, IPS_MAX_LENGTH, type IpsQrResult } from '../../../shared/payment/ips-qr';
import { formatAccount } from '../../../shared/payment/account';
import { formatAmount } from '../../../shared/payment/money';
import { cashPaymentCode, nonCashPaymentCode } from '../../../shared/payment/payment-code';
import { toScript } from '../../../shared/script';
import { serbianDate, type Binding } from '../binding';
import type { PacketSnapshot, SnapshotFee } from '../snapshot';
import { BOX, CONTENT_WIDTH, SMALL_SIZE } from './metrics';
import { qrContent } from './qr';

/**
 * Payment slips laid out like the standard *nalog za uplatu* (payer, purpose and recipient on
 * the left; payment code, currency, amount, account, model and reference on the right), two to a
 * page, each with an NBS IPS QR code so the client can pay by phone. Slips are official forms:
 * Cyrillic.
 */

const OUTER_PADDING = 6;
const COLUMN_WIDTH = (CONTENT_WIDTH - 4 * OUTER_PADDING - 3 * 0.8) / 2;
/** 2 pt (0.7 mm) per module: a phone reads it from paper, and so does a 150 dpi scan. */
const QR_MODULE = 2;

/** The payer as the slip and the QR code carry it: name, street, place; at most 70 characters in the code. */
export function payerLines(binding: Binding): string[] {
  const street = [binding.get('client.address.street'), binding.get('client.address.number')]
    .filter(Boolean)
    .join(' ');
  return [binding.get('client.fullName'), street, binding.get('client.address.place')].filter(
    (line): line is string => !!line,
  );
}

/** The P tag's limit (NBS): the payer's lines together, newlines included. */
const PAYER_MAX = IPS_MAX_LENGTH.P ?? 70;

/**
 * The payer's lines shortened to fit the QR code's P tag: the street goes first, then the place,
 * then the name is cut with "…". P is optional, so at worst it is left out — a long name or
 * address is never a reason to drop the code (OFFICIAL-FACTS.md, IPS QR).
 */
export function fitPayer(lines: string[]): string {
  const fits = (parts: string[]) => [...parts.join('\n')].length <= PAYER_MAX;
  const [name, ...rest] = lines;
  if (!name) return '';
  if (fits(lines)) return lines.join('\n');
  const place = rest.at(-1);
  if (rest.length === 2 && place && fits([name, place])) return [name, place].join('\n');
  if (fits([name])) return name;
  return `${[...name]
    .slice(0, PAYER_MAX - 1)
    .join('')
    .trimEnd()}…`;
}

/** Why a slip has no QR code, as a phrase key; null when it has one. */
export type QrMissingReason = 'waived' | 'noCode' | 'choose' | 'noAccount' | 'invalid';

export function slipQr(
  fee: SnapshotFee,
  binding: Binding,
  municipalityKnown: { choose: boolean },
): { qr: IpsQrResult | null; reason: QrMissingReason | null } {
  if (fee.waiver !== null) return { qr: null, reason: 'waived' };
  const account = fee.account === undefined ? fee.entry.account : fee.account;
  if (!account) return { qr: null, reason: 'noAccount' };
  // A reference built from the municipality cannot be left out: the payment would not reach its share.
  if (fee.entry.referenceKind !== 'none' && fee.referenceCompact === null)
    return { qr: null, reason: municipalityKnown.choose ? 'choose' : 'noCode' };
  const qr = slipPayload(fee, binding);
  return { qr, reason: qr && qr.ok ? null : 'invalid' };
}

export function slipPayload(fee: SnapshotFee, binding: Binding): IpsQrResult | null {
  if (fee.waiver !== null) return null;
  const account = fee.account === undefined ? fee.entry.account : fee.account;
  if (!account) return null;
  // A reference built from the municipality cannot be left out: the payment would not reach its share.
  if (fee.entry.referenceKind !== 'none' && fee.referenceCompact === null) return null;
  return buildIpsQr({
    account,
    payee: toScript(fee.entry.recipient, 'cyrl'),
    amountPara: fee.entry.amountPara,
    payer: fitPayer(payerLines(binding)),
    // Scanning the code starts a transfer from the payer's account: a non-cash payment (2xx),
    // while the paper slip is paid in cash at a counter (1xx). Same basis, different first digit.
    paymentCode: nonCashPaymentCode(fee.entry.paymentBasis),
    purpose: toScript(fee.entry.purpose, 'cyrl'),
    model: fee.entry.model,
    reference: fee.referenceCompact,
  });
}

/** Whether the packet has a slips page: a slip (or a waiver box) to print, or fees to pay on eUprava. */
export function hasSlipsPage(snapshot: PacketSnapshot): boolean {
  return snapshot.fees.some((fee) => fee.paidVia !== 'euprava' || fee.waiver === null);
}

/** The slips page, or null when the packet has nothing to pay by slip. */
export function slipsContent(snapshot: PacketSnapshot, binding: Binding): Content[] | null {
  const say = (key: string) => snapshot.phrases.texts[key] ?? key;
  const choose = { choose: (snapshot.municipalityChoice?.options.length ?? 0) > 0 };
  const bySlip = snapshot.fees.filter((fee) => fee.paidVia !== 'euprava');
  const viaEuprava = snapshot.fees.filter((fee) => fee.paidVia === 'euprava' && fee.waiver === null);
  if (bySlip.length === 0 && viaEuprava.length === 0) return null;
  const slips = bySlip.map((fee) => slip(fee, binding, say, choose));
  return [
    { text: say('slipsTitle'), style: 'title' },
    ...(viaEuprava.length > 0 ? [eupravaNote(viaEuprava, say)] : []),
    ...(slips.length > 0
      ? [{ text: say('slipsIntro'), fontSize: SMALL_SIZE, lineHeight: 1.2, margin: [0, 0, 0, 10] } as Content]
      : []),
    ...slips.map((content, i): Content => ({
      stack: [content],
      unbreakable: true,
      // Two slips to a page, separated by a line to cut along.
      margin: [0, i % 2 === 1 ? 14 : 0, 0, 0],
      pageBreak: i > 0 && i % 2 === 0 ? 'before' : undefined,
    })),
  ];
}

function label(text: string): Content {
  return { text, fontSize: BOX.labelSize, color: '#333333', margin: [0, 3, 0, 1] };
}

function box(
  value: string,
  options: { height: number; size?: number; bold?: boolean; align?: 'left' | 'right' } = { height: 16 },
): Content {
  return {
    table: {
      widths: ['*'],
      heights: [options.height],
      body: [
        [
          {
            text: value,
            fontSize: options.size ?? 9.5,
            bold: options.bold ?? false,
            alignment: options.align ?? 'left',
            lineHeight: 1.15,
          },
        ],
      ],
    },
    layout: {
      hLineWidth: () => 0.6,
      vLineWidth: () => 0.6,
      paddingLeft: () => 4,
      paddingRight: () => 4,
      paddingTop: () => 3,
      paddingBottom: () => 2,
    },
  };
}

/**
 * Where the police station wants slips generated on eUprava: what to do there and the amounts,
 * instead of slips the counter may refuse (OFFICIAL-FACTS.md, "ID card").
 */
function eupravaNote(fees: SnapshotFee[], say: (key: string) => string): Content {
  return {
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              { text: say('euprava.title'), bold: true, fontSize: 11, margin: [0, 0, 0, 4] },
              { text: say('euprava.steps'), fontSize: 9.5, lineHeight: 1.25, margin: [0, 0, 0, 4] },
              {
                ul: fees.map((fee) => ({
                  text: [
                    { text: `${toScript(fee.entry.label, 'cyrl')}: ` },
                    { text: `${formatAmount(fee.entry.amountPara)} RSD`, bold: true },
                    fee.entry.verify ? { text: ` (${say('confirmAtCounter')})` } : { text: '' },
                  ],
                })),
                fontSize: 9.5,
              },
            ],
            margin: [8, 8, 8, 8],
          },
        ],
      ],
    },
    margin: [0, 0, 0, 12],
  };
}

function slip(
  fee: SnapshotFee,
  binding: Binding,
  say: (key: string) => string,
  municipality: { choose: boolean },
): Content {
  if (fee.waiver !== null) {
    return {
      table: {
        widths: ['*'],
        body: [
          [
            {
              stack: [
                { text: fee.entry.label, bold: true, fontSize: 10.5 },
                { text: say('waived'), bold: true, fontSize: 14, margin: [0, 8, 0, 4] },
                { text: `${say('legalBasis')}: ${fee.waiver}`, fontSize: 10 },
                { text: say('waivedSlip'), fontSize: SMALL_SIZE, margin: [0, 6, 0, 0] },
              ],
              margin: [8, 8, 8, 8],
            },
          ],
        ],
      },
    };
  }
  const { qr, reason } = slipQr(fee, binding, municipality);
  const account = fee.account === undefined ? fee.entry.account : fee.account;
  const payer = payerLines(binding).join('\n');
  const left: Content = {
    stack: [
      label(say('payer')),
      box(payer, { height: 42, size: 9.5 }),
      label(say('purpose')),
      box(toScript(fee.entry.purpose, 'cyrl'), { height: 28 }),
      label(say('recipient')),
      box(toScript(fee.entry.recipient, 'cyrl'), { height: 28 }),
      { columns: [signature(say('payerSignature'), COLUMN_WIDTH)], margin: [0, 14, 0, 0] },
      {
        columns: [
          signature(say('receiptPlaceDate'), COLUMN_WIDTH / 2 - 6),
          signature(say('valueDate'), COLUMN_WIDTH / 2 - 6),
        ],
        columnGap: 12,
        margin: [0, 6, 0, 0],
      },
    ],
  };
  const qrBlock: Content =
    qr && qr.ok
      ? {
          columns: [
            { stack: [qrContent(qr.payload, QR_MODULE)], width: 'auto' },
            { text: say('qrCaption'), fontSize: 7.5, color: '#333333', margin: [4, 24, 0, 0], width: '*' },
          ],
          margin: [0, 8, 0, 0],
        }
      : {
          text: say(`qrMissing.${reason ?? 'invalid'}`),
          fontSize: SMALL_SIZE,
          color: '#8a1c1c',
          margin: [0, 10, 0, 0],
        };
  // An amount the sources could not confirm for today is printed as what it is.
  const amountNote: Content[] = fee.entry.verify
    ? [
        {
          text: `${say('amountSince')} ${serbianDate(fee.entry.effectiveFrom)} — ${say('confirmAtCounter')}`,
          fontSize: 6.5,
          color: '#8a1c1c',
          alignment: 'right',
          margin: [0, 1, 0, 0],
        },
      ]
    : [];
  const right: Content = {
    stack: [
      { text: say('slipTitle'), bold: true, fontSize: 11.5, alignment: 'right', margin: [0, 0, 0, 2] },
      {
        columns: [
          {
            width: 62,
            stack: [
              label(say('paymentCode')),
              box(cashPaymentCode(fee.entry.paymentBasis), { height: 16, bold: true }),
            ],
          },
          { width: 40, stack: [label(say('currency')), box('RSD', { height: 16 })] },
          {
            width: '*',
            stack: [
              label(say('amount')),
              box(`= ${formatAmount(fee.entry.amountPara)}`, { height: 16, bold: true, align: 'right' }),
            ],
          },
        ],
        columnGap: 6,
      },
      ...amountNote,
      label(say('recipientAccount')),
      box(account ? formatAccount(account) : '', { height: 16, bold: true, size: 10.5 }),
      {
        columns: [
          { width: 36, stack: [label(say('model')), box(fee.entry.model, { height: 16, bold: true })] },
          {
            width: '*',
            stack: [
              label(say('reference')),
              box(fee.reference ?? '', { height: 16, bold: true, size: 10.5 }),
            ],
          },
        ],
        columnGap: 6,
      },
      qrBlock,
    ],
  };
  return {
    table: {
      widths: [COLUMN_WIDTH, COLUMN_WIDTH],
      body: [[left, right]],
    },
    layout: {
      hLineWidth: () => 0.8,
      vLineWidth: () => 0.8,
      paddingLeft: () => OUTER_PADDING,
      paddingRight: () => OUTER_PADDING,
      paddingTop: () => OUTER_PADDING,
      paddingBottom: () => OUTER_PADDING,
    },
  };
}

function signature(caption: string, width: number): Content {
  return {
    width,
    stack: [
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.5 }], margin: [0, 16, 0, 1] },
      { text: caption, fontSize: 6.5, color: '#333333', alignment: 'center' },
    ],
  } as Content;
}
