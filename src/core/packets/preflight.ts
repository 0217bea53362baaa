import type { PreflightProblem } from '../../shared/packets';
import { toScript, type Script } from '../../shared/script';
import { bindingFor, firstDocument, type Binding } from './binding';
import type { FontMetrics } from './fonts';
import { boxRowWidths, fittingSize, BOX } from './layout/metrics';
import { blockTexts } from './resources';
import { applies, documentScript, variantOf, type PacketSnapshot } from './snapshot';
import { placeholdersIn } from './text';

/**
 * What is missing or wrong before a packet prints (the "preflight"): required values
 * that are empty, values too long for their box, characters the embedded font cannot draw,
 * letters a Cyrillic form cannot hold, a citizenship certificate too old for the ID card, a
 * municipality without a code, fees and codes still marked "verify". Every problem names its
 * field, so the UI can offer the fix in place.
 */

/** A citizenship certificate for an ID card may not be older than this (DOMAIN.md §2.2). */
export const CITIZENSHIP_MAX_AGE_MONTHS = 6;

type Draft = Omit<PreflightProblem, 'blank' | 'params'> & { params?: PreflightProblem['params'] };

export function preflightPacket(
  snapshot: PacketSnapshot,
  fonts: FontMetrics,
  today: string,
): PreflightProblem[] {
  const { options, phrases } = snapshot;
  const variant = variantOf(options);
  const bindings = new Map<Script, Binding>();
  const bindingIn = (script: Script) => {
    let binding = bindings.get(script);
    if (!binding) bindings.set(script, (binding = bindingFor({ ...snapshot, phrases }, script)));
    return binding;
  };
  const found = new Map<string, Draft>();
  const add = (draft: Draft) => {
    const key = `${draft.code}:${draft.field}`;
    if (!found.has(key)) found.set(key, draft);
  };
  const labelOf = (path: string, script: Script) => toScript(phrases.labels[path] ?? path, script);
  const fixOf = (path: string): PreflightProblem['fix'] =>
    path.startsWith('client.') ? 'client' : path.startsWith('options.') ? 'options' : 'none';

  /** Glyph and script checks on one value as printed in `script`. */
  const checkValue = (
    path: string,
    value: string,
    script: Script,
    document: string | null,
    label: string,
  ) => {
    const missing = fonts.missingGlyphs(value);
    if (missing.length > 0)
      add({
        code: 'glyph',
        severity: 'error',
        field: path,
        document,
        label,
        message: `${label}: the font cannot print ${missing.join(' ')}`,
        fix: fixOf(path),
        params: { chars: missing.join(' ') },
      });
    // Latin → Cyrillic leaves letters outside the Serbian alphabet as they are (q w x y ä ü …).
    const foreign = script === 'cyrl' ? [...new Set(value.match(/[^\P{L}\p{Script=Cyrillic}]/gu) ?? [])] : [];
    if (foreign.length > 0 && missing.length === 0)
      add({
        code: 'foreign_letters',
        severity: 'warning',
        field: path,
        document,
        label,
        message: `${label}: "${value}" keeps letters outside the Serbian alphabet (${foreign.join(' ')}) on a Cyrillic form`,
        fix: fixOf(path),
        params: { chars: foreign.join(' '), value },
      });
  };

  const checkPlaceholders = (text: string, script: Script, document: string | null) => {
    const binding = bindingIn(script);
    for (const { path, optional } of placeholdersIn(text)) {
      const value = binding.get(path) ?? null;
      const label = labelOf(path, script);
      if (value) checkValue(path, value, script, document, label);
      else if (!optional) add(missingProblem(path, document, label, fixOf(path)));
    }
  };

  for (const template of snapshot.templates) {
    const script = documentScript(template, options);
    const binding = bindingIn(script);
    for (const block of template.blocks) {
      if (!applies(block.when, variant)) continue;
      for (const text of blockTexts(block)) checkPlaceholders(text, script, template.id);
      if (block.type !== 'fields') continue;
      for (const row of block.rows) {
        const widths = boxRowWidths(row);
        row.forEach((field, i) => {
          const label = toScript(field.label, script);
          const value = binding.get(field.bind) ?? null;
          if (!value) {
            if (field.required) add(missingProblem(field.bind, template.id, label, fixOf(field.bind)));
            return;
          }
          checkValue(field.bind, value, script, template.id, label);
          const size = fittingSize(value, widths[i]!, fonts);
          if (size === null || size < BOX.valueSize)
            add({
              code: 'too_long',
              severity: size === null ? 'error' : 'warning',
              field: field.bind,
              document: template.id,
              label,
              message:
                size === null
                  ? `${label}: "${value}" does not fit its box even in small print; shorten it`
                  : `${label}: "${value}" is printed smaller (${size} pt) to fit its box`,
              fix: fixOf(field.bind),
              params: { value, size: size ?? 0 },
            });
        });
      }
    }
  }

  // The cover and the instruction sheet are in the client's script.
  const procedure = snapshot.procedure;
  for (const item of [
    ...procedure.where,
    ...procedure.deadlines,
    ...procedure.instructions,
    ...procedure.bring,
  ])
    if (applies(item.when, variant)) checkPlaceholders(item.text, options.script, null);
  checkPlaceholders(phrases.texts.questions ?? '', options.script, null);
  for (const path of ['client.fullName', 'client.address.line']) {
    const value = bindingIn(options.script).get(path);
    if (value) checkValue(path, value, options.script, null, labelOf(path, options.script));
  }

  checkFees(snapshot, add);
  checkRecord(snapshot, today, add, (path) => labelOf(path, 'cyrl'));

  return [...found.values()].map((draft) => ({
    ...draft,
    params: draft.params ?? {},
    blank:
      draft.code === 'missing' || draft.code === 'no_municipality' || draft.code === 'no_municipality_code'
        ? options.allowBlank || options.blanks.includes(draft.field)
        : false,
  }));
}

function missingProblem(
  path: string,
  document: string | null,
  label: string,
  fix: PreflightProblem['fix'],
): Draft {
  return {
    code: 'missing',
    severity: 'error',
    field: path,
    document,
    label,
    message: `${label} is empty`,
    fix,
  };
}

function checkFees(snapshot: PacketSnapshot, add: (draft: Draft) => void): void {
  const { municipality, client } = snapshot;
  for (const fee of snapshot.fees) {
    if (fee.waiver !== null) continue;
    const { entry } = fee;
    if (entry.verify)
      add({
        code: 'unverified',
        severity: 'warning',
        field: `fees.${entry.key}`,
        document: null,
        label: entry.label,
        message: `The fee "${entry.label}" is still marked "verify" in the fee schedule: check amount and account before the client pays`,
        fix: 'settings',
        params: { amount: entry.amountPara, effectiveFrom: entry.effectiveFrom },
      });
    if (entry.referenceKind !== 'municipality') continue;
    const typed = client.address.municipality ?? client.address.place;
    if (!municipality)
      add({
        code: 'no_municipality',
        severity: 'error',
        field: 'client.address.municipality',
        document: null,
        label: 'Општина',
        message: typed
          ? `The municipality "${typed}" is not in the code table, so the slip has no reference number`
          : 'The record has no municipality, so the slip has no reference number',
        fix: 'client',
        params: { value: typed ?? '' },
      });
    else if (!municipality.code)
      add({
        code: 'no_municipality_code',
        severity: 'error',
        field: `municipalities.${municipality.name}`,
        document: null,
        label: municipality.nameCyrl,
        message: `No code has been entered for ${municipality.name} in the municipality codes, so the slip has no reference number`,
        fix: 'settings',
        params: { value: municipality.name },
      });
    else if (municipality.verify)
      add({
        code: 'unverified',
        severity: 'warning',
        field: `municipalities.${municipality.name}`,
        document: null,
        label: municipality.nameCyrl,
        message: `The code ${municipality.code} of ${municipality.name} is still marked "verify"`,
        fix: 'settings',
        params: { value: municipality.name, code: municipality.code },
      });
  }
}

function checkRecord(
  snapshot: PacketSnapshot,
  today: string,
  add: (draft: Draft) => void,
  labelOf: (path: string) => string,
): void {
  const { client } = snapshot;
  if (client.jmbg && client.jmbgValid === false)
    add({
      code: 'jmbg_invalid',
      severity: 'warning',
      field: 'client.jmbg',
      document: null,
      label: labelOf('client.jmbg'),
      message: `The JMBG ${client.jmbg} does not pass the check and is kept because: ${client.jmbgOverrideReason ?? ''}`,
      fix: 'client',
      params: { value: client.jmbg, reason: client.jmbgOverrideReason ?? '' },
    });
  if (snapshot.procedure.id !== 'id-card') return;
  const certificate = firstDocument(client, 'citizenship_certificate');
  const field = 'client.documents.citizenship_certificate.issuedOn';
  if (certificate?.expiresOn && certificate.expiresOn < today)
    add({
      code: 'citizenship_expired',
      severity: 'warning',
      field: 'client.documents.citizenship_certificate.expiresOn',
      document: null,
      label: labelOf(field),
      message: `The citizenship certificate held expired on ${certificate.expiresOn}: the client needs a new one (the request is in the packet)`,
      fix: 'client',
      params: { date: certificate.expiresOn },
    });
  else if (certificate?.issuedOn && addMonths(certificate.issuedOn, CITIZENSHIP_MAX_AGE_MONTHS) < today)
    add({
      code: 'citizenship_old',
      severity: 'warning',
      field,
      document: null,
      label: labelOf(field),
      message: `The citizenship certificate held was issued on ${certificate.issuedOn}, more than ${CITIZENSHIP_MAX_AGE_MONTHS} months ago: the police will want a new one (the request is in the packet)`,
      fix: 'client',
      params: { date: certificate.issuedOn, months: CITIZENSHIP_MAX_AGE_MONTHS },
    });
}

/** `2024-01-31` + 1 month → `2024-02-29` (the last day when the month is shorter). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Problems that stop the packet: errors not confirmed blank. */
export function blockingCount(problems: PreflightProblem[]): number {
  return problems.filter((p) => p.severity === 'error' && !p.blank).length;
}
