/**
 * A valid input for any contract method, so the relay test covers every method, including
 * those added after it was written. It is made from the method's input schema (as JSON Schema:
 * required fields only, the first enum value, a string that fits the pattern) and checked
 * against the zod schema; `explicitSamples` covers a schema the maker cannot satisfy.
 */
import { z } from 'zod';
import { contract, isMethod } from '../../src/shared/contract';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

/** Inputs the schema-based maker cannot produce (a refinement JSON Schema cannot express). */
export const explicitSamples: Record<string, unknown> = {
  'clients.create': { client: { surname: 'Đorđević', givenName: 'Ljubica', category: 'returnee_germany' } },
  // The account's control digits and the model-97 rule are refinements.
  'fees.save': {
    fee: {
      key: 'residence-registration',
      label: 'Републичка административна такса',
      recipient: 'Буџет Републике Србије',
      purpose: 'Такса за пријаву пребивалишта',
      amount: '380,00',
      account: '840-742221843-57',
      paymentBasis: '53',
      model: '97',
      referenceKind: 'municipality',
      effectiveFrom: '2024-01-01',
      source: 'Закон о републичким административним таксама',
    },
  },
};

const STRINGS = [
  'Petrović',
  '2024-03-15',
  '2024-03-15T09:30:00.000Z',
  '09:30',
  '0190d5c2-8f3a-7b4c-9d2e-1f2a3b4c5d6e',
  'desk@msc.example',
  'clients.csv',
  '+381641234567',
  '0101990710040',
  'Sigurna-Lozinka-2024!',
  'petrovic',
  'ABC',
  '12345',
];

function fitsString(schema: JsonSchema, value: string): boolean {
  if (schema.minLength !== undefined && value.length < schema.minLength) return false;
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
  return schema.pattern === undefined || new RegExp(schema.pattern, 'u').test(value);
}

function make(schema: JsonSchema): unknown {
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches?.[0]) return make(branches.find((branch) => branch.type !== 'null') ?? branches[0]);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => make(part) as object));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((key) => [key, make(schema.properties?.[key] ?? {})]),
      );
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => make(schema.items ?? {}));
    case 'string':
      return STRINGS.find((value) => fitsString(schema, value)) ?? 'a'.repeat(schema.minLength ?? 1);
    case 'integer':
    case 'number':
      return Math.max(
        schema.minimum ?? 0,
        schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0,
      );
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** A valid input for `method`, or undefined when neither the maker nor an explicit sample has one. */
export function sampleInput(method: string): unknown {
  if (!isMethod(method)) return undefined;
  const schema = contract[method].input;
  const candidates = [
    explicitSamples[method],
    make(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema),
  ];
  return candidates.find((candidate) => candidate !== undefined && schema.safeParse(candidate).success);
}
