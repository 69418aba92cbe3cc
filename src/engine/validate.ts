// Small structural validators for data that crosses a trust boundary (webview messages,
// files of the run store): each says what is wrong in plain words, or undefined when the
// value fits. No imports, no DOM, no Node: the host and the webviews both use them.

/** Undefined when `value` fits; else what is wrong, with the path to it (`summary.dominant`). */
export type Check = (value: unknown, at: string) => string | undefined;

const where = (at: string) => (at ? `${at} ` : '');

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 24 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function str(maxLength: number): Check {
  return (v, at) => typeof v !== 'string' ? `${where(at)}is ${describe(v)}, not text`
    : v.length > maxLength ? `${where(at)}is ${v.length} characters long (at most ${maxLength})` : undefined;
}

/** A finite number in [min, max]; `integer`: a whole one. */
export function num(min = -Infinity, max = Infinity, integer = false): Check {
  return (v, at) => typeof v !== 'number' || !Number.isFinite(v) ? `${where(at)}is ${describe(v)}, not a number`
    : integer && !Number.isSafeInteger(v) ? `${where(at)}is ${v}, not a whole number`
      : v < min || v > max ? `${where(at)}is ${v}, outside ${min} … ${max}` : undefined;
}

export const int = (min = 0, max = Number.MAX_SAFE_INTEGER): Check => num(min, max, true);

export const bool: Check = (v, at) => typeof v === 'boolean' ? undefined : `${where(at)}is ${describe(v)}, not true or false`;

/** One of a fixed set of strings (own values only: `toString` is not one of them). */
export function oneOf(...values: readonly string[]): Check {
  const set = new Set(values);
  return (v, at) => typeof v === 'string' && set.has(v) ? undefined : `${where(at)}is ${describe(v)}, not one of ${values.join(', ')}`;
}

export function arrayOf(item: Check, maxLength: number): Check {
  return (v, at) => {
    if (!Array.isArray(v)) return `${where(at)}is ${describe(v)}, not a list`;
    if (v.length > maxLength) return `${where(at)}has ${v.length} items (at most ${maxLength})`;
    for (let i = 0; i < v.length; i++) {
      const e = item(v[i], `${at}[${i}]`);
      if (e) return e;
    }
    return undefined;
  };
}

export function nullable(check: Check): Check {
  return (v, at) => (v === null ? undefined : check(v, at));
}

/** Either shape fits. */
export function either(a: Check, b: Check): Check {
  return (v, at) => a(v, at) === undefined ? undefined : b(v, at);
}

/** Anything (a part of a value this schema does not describe). */
export const any: Check = () => undefined;

/** A plain object (JSON's or a structured clone's, no other prototype). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * An object with these fields (a `?` after a name: optional, undefined allowed). `strict`:
 * any other own key is refused, `__proto__`, `constructor` and the like included.
 */
export function obj(fields: Record<string, Check>, strict = false): Check {
  const entries = Object.entries(fields).map(([k, c]) => ({ key: k.replace(/\?$/, ''), optional: k.endsWith('?'), check: c }));
  const known = new Set(entries.map((e) => e.key));
  return (v, at) => {
    if (!isPlainObject(v)) return `${where(at)}is ${describe(v)}, not an object`;
    if (strict) {
      const extra = Object.keys(v).find((k) => !known.has(k));
      if (extra !== undefined) return `${where(at)}has an unexpected field ${JSON.stringify(extra.slice(0, 40))}`;
    }
    for (const { key, optional, check } of entries) {
      const value = Object.hasOwn(v, key) ? v[key] : undefined;
      if (value === undefined) {
        if (optional) continue;
        return `${at ? `${at}.` : ''}${key} is missing`;
      }
      const e = check(value, at ? `${at}.${key}` : key);
      if (e) return e;
    }
    return undefined;
  };
}

/** An object whose values all fit `value` (a record keyed by names), at most `maxKeys` of them. */
export function recordOf(value: Check, maxKeys: number): Check {
  return (v, at) => {
    if (!isPlainObject(v)) return `${where(at)}is ${describe(v)}, not an object`;
    const keys = Object.keys(v);
    if (keys.length > maxKeys) return `${where(at)}has ${keys.length} fields (at most ${maxKeys})`;
    for (const k of keys) {
      const e = value(v[k], `${at}.${k}`);
      if (e) return e;
    }
    return undefined;
  };
}

/** Exactly this value (a format's name or version). */
export function exactly(value: string | number | boolean): Check {
  return (v, at) => (v === value ? undefined : `${where(at)}is ${describe(v)}, not ${JSON.stringify(value)}`);
}

/** A union told apart by one string field: the schema of the shape its value names. */
export function byField(field: string, shapes: Record<string, Check>): Check {
  return (v, at) => {
    if (!isPlainObject(v)) return `${where(at)}is ${describe(v)}, not an object`;
    const name = Object.hasOwn(v, field) ? v[field] : undefined;
    const path = at ? `${at}.${field}` : field;
    if (typeof name !== 'string' || !Object.hasOwn(shapes, name)) return `${path} is ${describe(name)}, not one of ${Object.keys(shapes).join(', ')}`;
    return shapes[name]!(v, at);
  };
}

/** A measured value: any number (NaN and the infinities of a diverged run included) or null
 *  (what JSON writes for them). For counts and indices use `int`. */
export const measured: Check = (v, at) => (v === null || typeof v === 'number' ? undefined : `${where(at)}is ${describe(v)}, not a number`);
