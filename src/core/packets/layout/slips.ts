import type { Content } from 'pdfmake/interfaces';
import { buildIpsQr, type IpsQrResult } from '../../../shared/payment/ips-qr';
import { formatAccount } from '../../../shared/payment/account';
import { formatAmount } from '../../../shared/payment/money';
import { cashPaymentCode, nonCashPaymentCode } from '../../../shared/payment/payment-code';
import { toScript } from '../../../shared/script';
import type { Binding } from '../binding';
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

export function slipPayload(fee: SnapshotFee, binding: Binding): IpsQrResult | null {
  if (fee.waiver !== null) return null;
  // A reference built from the municipality cannot be left out: the payment would not reach its share.
  if (fee.entry.referenceKind !== 'none' && fee.referenceCompact === null) return null;
  const payer = payerLines(binding);
  while (payer.join('\n').length > 70 && payer.length > 1) payer.pop();
  return buildIpsQr({
    account: fee.entry.account,
    payee: toScript(fee.entry.recipient, 'cyrl'),
    amountPara: fee.entry.amountPara,
    payer: payer.join('\n'),
    // Scanning the code starts a transfer from the payer's account: a non-cash payment (2xx),
    // while the paper slip is paid in cash at a counter (1xx). Same basis, different first digit.
    paymentCode: nonCashPaymentCode(fee.entry.paymentBasis),
    purpose: toScript(fee.entry.purpose, 'cyrl'),
    model: fee.entry.model,
    reference: fee.referenceCompact,
  });
}

export function slipsContent(snapshot: PacketSnapshot, binding: Binding): Content[] {
  const say = (key: string) => snapshot.phrases.texts[key] ?? key;
  const slips = snapshot.fees.map((fee) => slip(fee, binding, say));
  return [
    { text: say('slipsTitle'), style: 'title' },
    { text: say('slipsIntro'), fontSize: SMALL_SIZE, lineHeight: 1.2, margin: [0, 0, 0, 10] },
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

function slip(fee: SnapshotFee, binding: Binding, say: (key: string) => string): Content {
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
  const qr = slipPayload(fee, binding);
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
      : { text: say('qrMissing'), fontSize: SMALL_SIZE, color: '#8a1c1c', margin: [0, 10, 0, 0] };
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
      label(say('recipientAccount')),
      box(formatAccount(fee.entry.account), { height: 16, bold: true, size: 10.5 }),
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
