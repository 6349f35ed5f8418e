// Small schema combinators for validating IPC and WebSocket arguments on the engine side.
// Every argument that crosses from the renderer is untrusted: it is checked against the
// channel's schema before any handler sees it (DESIGN.md, "Security baseline").
// Pure TypeScript: runs in Node and in the browser.

export type Schema<T> = {
  /** The value as T, or a description of what is wrong with it (with its path). */
  readonly check: (value: unknown, path: string) => { ok: true; value: T } | { ok: false; problem: string };
};

export type Infer<S> = S extends Schema<infer T> ? T : never;

const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (path: string, what: string) => ({ ok: false as const, problem: `${path || 'argument'} ${what}` });

export function integer(options: { min?: number; max?: number } = {}): Schema<number> {
  return {
    check(value, path) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return bad(path, 'must be a whole number');
      if (options.min !== undefined && value < options.min) return bad(path, `must be at least ${options.min}`);
      if (options.max !== undefined && value > options.max) return bad(path, `must be at most ${options.max}`);
      return ok(value);
    },
  };
}

export function number(options: { min?: number; max?: number } = {}): Schema<number> {
  return {
    check(value, path) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad(path, 'must be a number');
      if (options.min !== undefined && value < options.min) return bad(path, `must be at least ${options.min}`);
      if (options.max !== undefined && value > options.max) return bad(path, `must be at most ${options.max}`);
      return ok(value);
    },
  };
}

export function string(options: { max?: number; min?: number; pattern?: RegExp } = {}): Schema<string> {
  const max = options.max ?? 1000;
  return {
    check(value, path) {
      if (typeof value !== 'string') return bad(path, 'must be text');
      if (value.length > max) return bad(path, `must be at most ${max} characters`);
      if (options.min !== undefined && value.length < options.min) return bad(path, `must be at least ${options.min} characters`);
      if (options.pattern && !options.pattern.test(value)) return bad(path, 'is not in the expected form');
      return ok(value);
    },
  };
}

export const boolean: Schema<boolean> = {
  check: (value, path) => (typeof value === 'boolean' ? ok(value) : bad(path, 'must be true or false')),
};

export function literal<const T extends string | number | boolean | null>(...values: T[]): Schema<T> {
  return {
    check: (value, path) =>
      (values as unknown[]).includes(value)
        ? ok(value as T)
        : bad(path, `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`),
  };
}

export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return { check: (value, path) => (value === undefined ? ok(undefined) : schema.check(value, path)) };
}

export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return { check: (value, path) => (value === null ? ok(null) : schema.check(value, path)) };
}

export function array<T>(item: Schema<T>, options: { max?: number } = {}): Schema<T[]> {
  const max = options.max ?? 10_000;
  return {
    check(value, path) {
      if (!Array.isArray(value)) return bad(path, 'must be a list');
      if (value.length > max) return bad(path, `must have at most ${max} items`);
      const out: T[] = [];
      for (const [i, v] of value.entries()) {
        const r = item.check(v, `${path}[${i}]`);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return ok(out);
    },
  };
}

/** Keys whose schema accepts undefined (made with `optional`): optional properties of the object type. */
type OptionalKeys<S> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];

/**
 * The type an `object` schema checks: `optional(...)` fields are optional properties
 * (`search?: string`), so callers may leave them out rather than pass `undefined`.
 */
export type ObjectOf<S> = {
  [K in keyof ({ [P in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[P]> } & { [P in OptionalKeys<S>]?: Infer<S[P]> })]: ({
    [P in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[P]>;
  } & { [P in OptionalKeys<S>]?: Infer<S[P]> })[K];
};

/** An object with exactly these keys (unknown keys are refused, not ignored). */
export function object<S extends Record<string, Schema<unknown>>>(shape: S): Schema<ObjectOf<S>> {
  return {
    check(value, path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad(path, 'must be an object');
      for (const key of Object.keys(value)) if (!Object.hasOwn(shape, key)) return bad(path ? `${path}.${key}` : key, 'is not expected');
      const out: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(shape)) {
        const r = schema.check((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
        if (!r.ok) return r;
        if (r.value !== undefined) out[key] = r.value;
      }
      return ok(out as ObjectOf<S>);
    },
  };
}

/** One of several object shapes, told apart by the literal `kind`. */
export function union<T>(...schemas: Schema<T>[]): Schema<T> {
  return {
    check(value, path) {
      let first: { ok: false; problem: string } | null = null;
      for (const s of schemas) {
        const r = s.check(value, path);
        if (r.ok) return r;
        first ??= r;
      }
      return first ?? bad(path, 'matches no allowed form');
    },
  };
}

/** A channel's positional arguments. */
export function tuple<const S extends readonly Schema<unknown>[]>(...items: S): Schema<{ [K in keyof S]: Infer<S[K]> }> {
  return {
    check(value, path) {
      if (!Array.isArray(value)) return bad(path, 'must be a list of arguments');
      if (value.length !== items.length)
        return bad(path, `must be ${items.length} argument${items.length === 1 ? '' : 's'}, not ${value.length}`);
      const out: unknown[] = [];
      for (const [i, schema] of items.entries()) {
        const r = schema.check(value[i], `argument ${i + 1}`);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return ok(out as { [K in keyof S]: Infer<S[K]> });
    },
  };
}

/** `schema` with its problems said of `subject` (words a person reads) rather than of the argument's path. */
export function named<T>(subject: string, schema: Schema<T>): Schema<T> {
  return { check: (value) => schema.check(value, subject) };
}

/**
 * `schema`, then a rule of its own: `problem` says in words what is wrong with the checked value,
 * or returns null when it is fine.
 */
export function refine<T>(schema: Schema<T>, problem: (value: T) => string | null): Schema<T> {
  return {
    check(value, path) {
      const r = schema.check(value, path);
      if (!r.ok) return r;
      const what = problem(r.value);
      return what === null ? r : bad(path, what);
    },
  };
}
