import { createRequire } from 'node:module'
import type { PathSegment } from './locate.js'

/** The part of JSON Schema (draft-07, as typescript-json-schema writes core's schema.json) that the editor features read. */
export interface SchemaNode {
  $ref?: string
  description?: string
  markdownDescription?: string
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  properties?: Record<string, SchemaNode>
  required?: string[]
  items?: SchemaNode
  anyOf?: SchemaNode[]
  oneOf?: SchemaNode[]
  allOf?: SchemaNode[]
  default?: unknown
  enumDescriptions?: string[]
  markdownEnumDescriptions?: string[]
  definitions?: Record<string, SchemaNode>
}

/**
 * core's generated spec schema, the one description of every key (the same file editors get through the modeline):
 * hover and completion read it instead of keeping a second list of keys.
 */
export function loadSpecSchema(): SchemaNode {
  return createRequire(import.meta.url)('@scanplan/core/schema.json') as SchemaNode
}

function resolve(root: SchemaNode, node: SchemaNode): SchemaNode {
  let current = node
  for (let hops = 0; current.$ref && hops < 16; hops++) {
    const name = current.$ref.replace(/^#\/definitions\//, '')
    const target = root.definitions?.[name]
    if (!target) break
    // A `$ref` beside a description keeps the description (typescript-json-schema writes property docs there).
    current = { ...target, ...(current.description ? { description: current.description } : {}), ...(current.markdownDescription ? { markdownDescription: current.markdownDescription } : {}) }
  }
  return current
}

/** Every alternative a node stands for (`anyOf`/`oneOf` branches resolved), the node itself first. */
function alternatives(root: SchemaNode, node: SchemaNode): SchemaNode[] {
  const resolved = resolve(root, node)
  const branches = [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? []), ...(resolved.allOf ?? [])]
  return [resolved, ...branches.flatMap((b) => alternatives(root, b))]
}

/** The schemas that describe the value at `path`; empty when the path leaves the schema (an unknown key). */
export function schemaAt(root: SchemaNode, path: readonly PathSegment[]): SchemaNode[] {
  let nodes = [root]
  for (const segment of path) {
    const next: SchemaNode[] = []
    for (const node of nodes.flatMap((n) => alternatives(root, n))) {
      if (typeof segment === 'number') {
        if (node.items) next.push(resolve(root, node.items))
      } else {
        const property = node.properties?.[segment]
        if (property) next.push(resolve(root, property))
      }
    }
    nodes = next
    if (nodes.length === 0) return []
  }
  return nodes
}

/** The keys a mapping at `path` may hold, with the schema of each (first description wins). */
export function propertiesAt(root: SchemaNode, path: readonly PathSegment[]): Map<string, SchemaNode> {
  const keys = new Map<string, SchemaNode>()
  for (const node of schemaAt(root, path).flatMap((n) => alternatives(root, n))) {
    for (const [key, schema] of Object.entries(node.properties ?? {})) if (!keys.has(key)) keys.set(key, resolve(root, schema))
  }
  return keys
}

/** The fixed values a scalar at `path` may take (`enum`, `const`, booleans), each with its description when one is given. */
export function valuesAt(root: SchemaNode, path: readonly PathSegment[]): { value: string; description?: string }[] {
  const values = new Map<string, string | undefined>()
  for (const node of schemaAt(root, path).flatMap((n) => alternatives(root, n))) {
    const items = node.type === 'array' && node.items ? alternatives(root, node.items) : [node]
    for (const item of items) {
      item.enum?.forEach((v, i) => values.set(String(v), item.markdownEnumDescriptions?.[i] ?? item.enumDescriptions?.[i]))
      if (item.const !== undefined) values.set(String(item.const), item.description)
      if (item.type === 'boolean') for (const b of ['true', 'false']) values.set(b, undefined)
    }
  }
  return [...values].map(([value, description]) => ({ value, ...(description ? { description } : {}) }))
}

/** The text a user reads about a key: the schema's Markdown description when it has one, else its description. */
export function describe(root: SchemaNode, path: readonly PathSegment[]): string | undefined {
  for (const node of schemaAt(root, path)) {
    const text = node.markdownDescription ?? node.description
    if (text) return text
  }
  return undefined
}
