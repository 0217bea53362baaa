import type { SelectHTMLAttributes } from 'react';

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'>;

interface EnumSelectProps<T extends string> extends SelectProps {
  /** The choice, or '' while none is made (only with `empty`). */
  value: T;
  /** The enum's values in the order shown, e.g. `Sex.options` from the shared zod schema. */
  options: readonly Exclude<T, ''>[];
  /** An option's words in the UI's language, e.g. `(kind) => t(\`serviceKind.${kind}\`)`. */
  label: (option: Exclude<T, ''>) => string;
  /** The first option, for no choice yet ("—", "Choose…"); without it one option is always chosen. */
  empty?: string;
  onChange: (value: T) => void;
}

/**
 * A `<select>` of one of the shared schema's enums with translated labels, the pattern every form
 * repeats. Other props (the `Field`'s control props, `required`, `aria-label`) go to the select.
 *
 *   <Field label={t('field.sex')}>{(control) => (
 *     <EnumSelect {...control} value={draft.sex} options={Sex.options} empty="—"
 *       label={(sex) => t(`sex.${sex}`)} onChange={(sex) => change({ sex })} />
 *   )}</Field>
 */
export function EnumSelect<T extends string>({
  value,
  options,
  label,
  empty,
  onChange,
  ...select
}: EnumSelectProps<T>) {
  return (
    // The options are exactly `T`'s values (and '' with `empty`), so the chosen value is a `T`.
    <select {...select} value={value} onChange={(event) => onChange(event.target.value as T)}>
      {empty !== undefined ? <option value="">{empty}</option> : null}
      {options.map((option) => (
        <option key={option} value={option}>
          {label(option)}
        </option>
      ))}
    </select>
  );
}
