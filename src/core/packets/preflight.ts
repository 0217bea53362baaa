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
  checkNames(snapshot, add, (path) => labelOf(path, 'latn'));

  return [...found.values()].map((draft) => ({
    ...draft,
    params: draft.params ?? {},
    blank: BLANKABLE.has(draft.code) ? options.allowBlank || options.blanks.includes(draft.field) : false,
  }));
}

/** Problems a counsellor may print past, leaving a blank to fill by hand. */
const BLANKABLE = new Set<PreflightProblem['code']>([
  'missing',
  'no_municipality',
  'no_municipality_code',
  'municipality_choose',
  'no_police_account',
]);

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
  const { client } = snapshot;
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
        message: `${entry.label}: the amount in force since ${entry.effectiveFrom} is not confirmed for today: confirm at the counter (the slip says so)`,
        fix: 'settings',
        params: { amount: entry.amountPara, effectiveFrom: entry.effectiveFrom },
      });
    // Paid through eUprava: no slip, so no account or reference to check.
    if (fee.paidVia === 'euprava') continue;
    if (entry.accountSource === 'police-administration' && !fee.account)
      add({
        code: 'no_police_account',
        // Not a stop: the slip prints with the account blank to write by hand, and says why it has no QR code.
        severity: 'warning',
        field: 'office.policeAdministrationAccount',
        document: null,
        label: entry.label,
        message: `${entry.label} is paid to the police administration's account, which the office has not entered (Settings → Office)`,
        fix: 'settings',
        params: {},
      });
    if (entry.referenceKind !== 'municipality') continue;
    const registry = entry.codeFrom === 'registry-office';
    const municipality = registry ? (snapshot.registryMunicipality ?? null) : snapshot.municipality;
    const typed = client.address.municipality ?? client.address.place;
    const choice = snapshot.municipalityChoice;
    if (!municipality && choice && choice.options.length > 0)
      add({
        code: 'municipality_choose',
        severity: 'error',
        field: 'client.address.municipality',
        document: null,
        label: 'Општина',
        message: choice.city
          ? `${choice.city} has city municipalities, each with its own code: choose which one the client lives in (${choice.options.join(', ')})`
          : `"${typed ?? ''}" is the name of more than one municipality: choose which (${choice.options.join(', ')})`,
        fix: 'client',
        params: { value: typed ?? '', city: choice.city ?? '', options: choice.options.join(', ') },
      });
    else if (!municipality)
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
  // The six-month limit matters only when the client brings a certificate (the police obtain it
  // themselves otherwise): that is when the counsellor ticked the registry requests.
  if (snapshot.procedure.id !== 'id-card' || !snapshot.options.registryRequests) return;
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

/**
 * A Latin name typed without diacritics that looks like it should have them: "Djordjevic" would
 * print as "Ђорђевиц" on an official form. Ends in -ic, or holds dj/dz/sh/ch/zh, and no č ć š ž đ.
 */
export function looksLikeMissingDiacritics(name: string | null): boolean {
  if (!name || /[čćšžđČĆŠŽĐ]/u.test(name) || !/^[\p{Script=Latin}\s'-]+$/u.test(name)) return false;
  return /ic\b|dj|dz|sh|ch|zh/i.test(name);
}

function checkNames(
  snapshot: PacketSnapshot,
  add: (draft: Draft) => void,
  labelOf: (path: string) => string,
) {
  const { client, options } = snapshot;
  if (client.nameScript !== 'latn' || options.namesConfirmed) return;
  const typed: [string, string | null, string | null][] = [
    ['client.surname', client.surname, client.nameOverrides?.surname ?? null],
    ['client.givenName', client.givenName, client.nameOverrides?.givenName ?? null],
    ['client.parentName', client.parentName, client.nameOverrides?.parentName ?? null],
  ];
  for (const [field, name, corrected] of typed) {
    // A Cyrillic spelling the counsellor corrected by hand is what they meant.
    if (corrected || !looksLikeMissingDiacritics(name)) continue;
    const cyrillic = toScript(name!, 'cyrl');
    add({
      code: 'name_diacritics',
      severity: 'warning',
      field,
      document: null,
      label: labelOf(field),
      message: `"${name}" has no diacritics but looks as if it should (${cyrillic} on the Cyrillic forms): confirm or correct the Cyrillic spelling before printing`,
      fix: 'client',
      params: { value: name!, cyrillic },
    });
  }
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
