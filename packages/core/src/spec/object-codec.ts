import * as t from 'io-ts'
import { closestWords } from '../suggest/index.js'

/**
 * io-ts `exact`/`strict` strip unknown keys silently (gcanti/io-ts#322); a typo in a spec must be an error with a
 * "did you mean", so objects go through this codec, which reports unknown and missing keys as failures whose
 * last context entry says which (the reporter turns them into diagnostics).
 */
export class UnknownKey extends t.Type<never> {
  constructor(readonly known: readonly string[]) {
    super('UnknownKey', (_): _ is never => false, (u, c) => t.failure(u, c), () => {
      throw new Error('UnknownKey has no values')
    })
  }
}

export class MissingKey extends t.Type<never> {
  constructor(readonly expected: t.Mixed) {
    super('MissingKey', (_): _ is never => false, (u, c) => t.failure(u, c), () => {
      throw new Error('MissingKey has no values')
    })
  }
}

/** A place in a decoded value: keys of mappings and indices of lists. */
export type PathSegment = string | number

export function formatPath(path: readonly PathSegment[]): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else out += out === '' ? segment : `.${segment}`
  }
  return out
}

/** The path of an io-ts context: keys of objects and indices of lists; union members' indices are not places. */
export function failurePath(context: t.Context): PathSegment[] {
  const path: PathSegment[] = []
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]!.type as unknown as { _tag?: string }
    if (parent._tag === 'UnionType' || parent._tag === 'IntersectionType') continue
    const key = context[i]!.key
    path.push(parent._tag === 'ArrayType' ? Number(key) : key)
  }
  return path
}

/**
 * The paths of required keys reported missing only because a misspelling of them is there: the unknown key's
 * did-you-mean already says so, so reporters show the pair once.
 */
export function misspeltKeyPaths(errors: t.Errors): Set<string> {
  const misspelt = new Set<string>()
  for (const error of errors) {
    const last = error.context[error.context.length - 1]!
    if (!(last.type instanceof UnknownKey)) continue
    const path = failurePath(error.context)
    const [best] = closestWords(String(path[path.length - 1]), last.type.known, 1)
    if (best) misspelt.add(formatPath([...path.slice(0, -1), best]))
  }
  return misspelt
}

export function isMapping(u: unknown): u is Record<string, unknown> {
  return typeof u === 'object' && u !== null && !Array.isArray(u)
}

type Out<P extends t.Props, O extends t.Props> = { [K in keyof P]: t.TypeOf<P[K]> } & { [K in keyof O]?: t.TypeOf<O[K]> }

export interface StrictObject<P extends t.Props, O extends t.Props> extends t.Type<Out<P, O>, Out<P, O>, unknown> {
  readonly required: P
  readonly optional: O
}

export function strictObject<P extends t.Props, O extends t.Props>(name: string, required: P, optional: O): StrictObject<P, O> {
  const known = [...Object.keys(required), ...Object.keys(optional)]
  const is = (u: unknown): u is Out<P, O> =>
    isMapping(u) &&
    Object.keys(u).every((k) => known.includes(k)) &&
    Object.entries(required).every(([k, codec]) => codec.is(u[k])) &&
    Object.entries(optional).every(([k, codec]) => u[k] === undefined || codec.is(u[k]))
  const codec = new t.Type<Out<P, O>, Out<P, O>, unknown>(
    name,
    is,
    (u, c) => {
      if (!isMapping(u)) return t.failure(u, c, `expected a mapping (${name})`)
      const errors: t.ValidationError[] = []
      const out: Record<string, unknown> = {}
      for (const key of Object.keys(u)) {
        if (!known.includes(key)) errors.push({ value: u[key], context: [...c, { key, type: new UnknownKey(known), actual: u[key] }] })
      }
      for (const [key, propCodec] of Object.entries(required)) {
        if (u[key] === undefined) {
          errors.push({ value: undefined, context: [...c, { key, type: new MissingKey(propCodec), actual: undefined }] })
          continue
        }
        const result = propCodec.validate(u[key], t.appendContext(c, key, propCodec, u[key]))
        if (result._tag === 'Left') errors.push(...result.left)
        else out[key] = result.right
      }
      for (const [key, propCodec] of Object.entries(optional)) {
        if (!(key in u)) continue
        const result = propCodec.validate(u[key], t.appendContext(c, key, propCodec, u[key]))
        if (result._tag === 'Left') errors.push(...result.left)
        else out[key] = result.right
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as Out<P, O>)
    },
    t.identity,
  )
  return Object.assign(codec, { required, optional })
}

/**
 * A value that is one of several shapes told apart by their JavaScript type (a title or an id, `global` or a
 * mapping). `t.union` would report every member's failure; this reports the one the user evidently meant.
 */
export interface ByKind<C extends t.Mixed> extends t.Type<t.TypeOf<C>, unknown, unknown> {
  /** Every shape `pick` can choose: what the schema-against-codec walk (spec/shape.test.ts) compares with anyOf. */
  readonly members: readonly C[]
}

export function byKind<C extends t.Mixed>(name: string, members: readonly C[], pick: (u: unknown) => C | string): ByKind<C> {
  type A = t.TypeOf<C>
  const codec = new t.Type<A, unknown, unknown>(
    name,
    (u): u is A => {
      const codec = pick(u)
      return typeof codec !== 'string' && codec.is(u)
    },
    (u, c) => {
      const codec = pick(u)
      return typeof codec === 'string' ? t.failure(u, c, codec) : codec.validate(u, c)
    },
    t.identity,
  )
  return Object.assign(codec, { members })
}
