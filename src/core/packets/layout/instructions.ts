import type { Content } from 'pdfmake/interfaces';
import type { InstructionLanguage } from '../../../shared/client';
import { toScript, type Script } from '../../../shared/script';
import type { Binding } from '../binding';
import type { Phrases } from '../resources';
import { applies, variantOf, type PacketSnapshot, type ResolvedOptions } from '../snapshot';
import { filledText } from './document';
import { INSTRUCTION_SIZE } from './metrics';

/**
 * The client's instruction sheet: the steps in plain words, large type, in the language the
 * client reads best: Serbian in their script, or German or English (the procedure's
 * `translations`). Values (the police station, the office) stay as the record has them, in Latin
 * letters on a German or English sheet.
 */

export function instructionLanguageOf(options: ResolvedOptions): InstructionLanguage {
  return options.language ?? 'sr';
}

/** A fixed phrase in the sheet's language: `key@de` / `key@en` in phrases.json, else Serbian. */
export function sayIn(phrases: Phrases, key: string, language: InstructionLanguage, script: Script): string {
  if (language !== 'sr') {
    const translated = phrases.texts[`${key}@${language}`];
    if (translated !== undefined) return translated;
  }
  return toScript(phrases.texts[key] ?? key, script);
}

export function instructionsContent(snapshot: PacketSnapshot, binding: Binding): Content[] {
  const { options, procedure, phrases } = snapshot;
  const language = instructionLanguageOf(options);
  const translation = language === 'sr' ? null : (procedure.translations?.[language] ?? null);
  const script = translation ? 'latn' : options.script;
  const say = (key: string) => sayIn(phrases, key, translation ? language : 'sr', script);
  const ctx = { script, binding, blank: say('blank') };
  const variant = variantOf(options);
  const steps = translation?.instructions ?? procedure.instructions;
  return [
    { text: say('instructionsTitle'), style: 'title' },
    {
      text: `${translation ? translation.title : toScript(procedure.title, script)} · ${binding.get('client.fullName') ?? ''}`,
      alignment: 'center',
      fontSize: INSTRUCTION_SIZE,
      margin: [0, 0, 0, 16],
    },
    {
      ol: steps
        .filter((step) => applies(step.when, variant))
        .map((step) => ({
          text: filledText(step.text, ctx),
          margin: [0, 0, 0, 10] as [number, number, number, number],
        })),
      fontSize: INSTRUCTION_SIZE,
      lineHeight: 1.35,
    },
    {
      text: filledText(
        translation ? (phrases.texts[`questions@${language}`] ?? '') : (phrases.texts.questions ?? ''),
        ctx,
      ),
      fontSize: INSTRUCTION_SIZE,
      bold: true,
      margin: [0, 10, 0, 0],
    },
  ];
}
