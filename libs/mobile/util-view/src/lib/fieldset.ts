/** The fields a client may ask for, per section of an answer. */
export type FieldCatalogue = Readonly<Record<string, readonly string[]>>;

/** What `?fields=` asked for: per section, `true` for all of it or the listed fields. */
export type Fieldset = ReadonlyMap<string, true | ReadonlySet<string>>;

/** A `?fields=` value naming a section or field the answer does not have. */
export class UnknownFieldError extends Error {
  constructor(readonly field: string) {
    super(`unknown field ${field}`);
  }
}

/**
 * Parses a sparse fieldset, `section` or `section.field` items separated by commas (for example
 * `user,recommendations.name,recommendations.price`). Throws {@link UnknownFieldError} for a name
 * not in `catalogue`.
 */
export function parseFieldset(value: string, catalogue: FieldCatalogue): Fieldset {
  const fieldset = new Map<string, true | Set<string>>();
  for (const item of value.split(',').map((part) => part.trim())) {
    const [section, field, ...rest] = item.split('.');
    const known = Object.hasOwn(catalogue, section) ? catalogue[section] : undefined;
    if (!known || rest.length > 0 || (field !== undefined && !known.includes(field))) throw new UnknownFieldError(item);
    const current = fieldset.get(section);
    if (field === undefined || current === true) fieldset.set(section, true);
    else fieldset.set(section, new Set([...(current ?? []), field]));
  }
  return fieldset;
}

function pick(value: unknown, fields: true | ReadonlySet<string>): unknown {
  if (fields === true || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => pick(item, fields));
  return Object.fromEntries(Object.entries(value).filter(([key]) => fields.has(key)));
}

/**
 * The answer narrowed to `fieldset`: sections not asked for are left out, asked-for fields of a
 * section (of each item, for a list) are kept; sections in `always` (e.g. `meta`) stay whole.
 */
export function applyFieldset<T extends object>(answer: T, fieldset: Fieldset, always: readonly string[] = ['meta']): Partial<T> {
  return Object.fromEntries(
    Object.entries(answer).flatMap(([section, value]) => {
      if (always.includes(section)) return [[section, value]];
      const fields = fieldset.get(section);
      return fields ? [[section, pick(value, fields)]] : [];
    }),
  ) as Partial<T>;
}
