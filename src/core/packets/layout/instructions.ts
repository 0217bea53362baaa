import type { Content } from 'pdfmake/interfaces';
import { toScript } from '../../../shared/script';
import type { Binding } from '../binding';
import { applies, variantOf, type PacketSnapshot } from '../snapshot';
import { filledText } from './document';
import { INSTRUCTION_SIZE } from './metrics';

/** The client's instruction sheet: the steps in plain words, large type, in the script they read. */
export function instructionsContent(snapshot: PacketSnapshot, binding: Binding): Content[] {
  const { options, procedure, phrases } = snapshot;
  const script = options.script;
  const say = (key: string) => toScript(phrases.texts[key] ?? key, script);
  const ctx = { script, binding, blank: say('blank') };
  const variant = variantOf(options);
  return [
    { text: say('instructionsTitle'), style: 'title' },
    {
      text: `${toScript(procedure.title, script)} · ${binding.get('client.fullName') ?? ''}`,
      alignment: 'center',
      fontSize: INSTRUCTION_SIZE,
      margin: [0, 0, 0, 16],
    },
    {
      ol: procedure.instructions
        .filter((step) => applies(step.when, variant))
        .map((step) => ({
          text: filledText(step.text, ctx),
          margin: [0, 0, 0, 10] as [number, number, number, number],
        })),
      fontSize: INSTRUCTION_SIZE,
      lineHeight: 1.35,
    },
    {
      text: filledText(phrases.texts.questions ?? '', ctx),
      fontSize: INSTRUCTION_SIZE,
      bold: true,
      margin: [0, 10, 0, 0],
    },
  ];
}
