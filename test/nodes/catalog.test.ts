import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ERROR_PORT, IN_PORT, fieldHints, unwrapOnce, type NodeSpec } from '../../runtime/definition/index.js';
import { checkExpression } from '../../runtime/expressions/index.js';
import { nodeCatalog } from '../../nodes/catalog.js';
import { nodeImplementations, nodeCatalog as reexported } from '../../nodes/index.js';

/** A config field and where it sits, for checks over every field of every spec. */
interface FieldSite {
  readonly path: string;
  readonly schema: z.ZodType;
}

/** Every schema inside a config schema, walking the kinds the designer's form renderer knows. */
function fieldsOf(schema: z.ZodType, path = 'config'): FieldSite[] {
  const inner = unwrapOnce(schema);
  const children: [string, unknown][] = [];
  if (inner) {
    children.push([path, inner]);
  } else if (schema instanceof z.ZodObject) {
    const shape: Record<string, unknown> = schema.shape;
    for (const [key, child] of Object.entries(shape)) children.push([`${path}.${key}`, child]);
  } else if (schema instanceof z.ZodArray) {
    children.push([`${path}[]`, schema.element]);
  } else if (schema instanceof z.ZodRecord) {
    children.push([`${path}{}`, schema.valueType]);
  } else if (schema instanceof z.ZodUnion) {
    schema.options.forEach((option: unknown, index) => children.push([`${path}|${index}`, option]));
  }
  const sites: FieldSite[] = [{ path, schema }];
  for (const [childPath, child] of children) {
    if (!(child instanceof z.ZodType)) throw new Error(`${childPath} is not a zod schema`);
    sites.push(...fieldsOf(child, childPath));
  }
  return sites;
}

/** The zod kinds config schemas may use (z.json() is a lazy union of JSON values). */
const ALLOWED_KINDS = new Set([
  'object', 'array', 'record', 'enum', 'literal', 'string', 'number', 'boolean', 'lazy', 'optional', 'default',
  'nullable', 'union',
]);

const specs: readonly NodeSpec[] = nodeCatalog.all();
/** A typed connector's operation is named connector.<system>.<operation>; every other type has two parts. */
const isOperation = (spec: NodeSpec): boolean => spec.type.split('.').length === 3;
/** The product's own node types: building blocks, the HTTP escape hatch and the imported-API step. */
const builtIn = specs.filter((spec) => !isOperation(spec));
/** The typed connectors' operations, each in its system's group. */
const operations = specs.filter(isOperation);
/** Operations that only read are named get…, list… or find…; every other operation changes the external system. */
const READ_OPERATION = /^connector\.[a-zA-Z0-9]+\.(get|list|find)[A-Z]/;

describe('node catalog', () => {
  it('lists the nineteen built-in node types of version 1', () => {
    expect(builtIn.map((spec) => `${spec.type}@${spec.version}`).sort()).toEqual([
      'ai.classify@1',
      'ai.prioritize@1',
      'connector.http@1',
      'connector.openapi@1',
      'data.merge@1',
      'data.transform@1',
      'flow.delay@1',
      'flow.forEach@1',
      'flow.raiseException@1',
      'flow.respond@1',
      'flow.setSearchAttributes@1',
      'flow.subworkflow@1',
      'flow.waitForEvent@1',
      'human.approval@1',
      'logic.condition@1',
      'logic.switch@1',
      'trigger.event@1',
      'trigger.manual@1',
      'trigger.schedule@1',
      'trigger.webhook@1',
    ]);
  });

  it('has a unique type@version per spec', () => {
    const keys = specs.map((spec) => `${spec.type}@${spec.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives triggers no inputs and every other node the single input and an error port', () => {
    for (const spec of specs) {
      const outputs = spec.ports.outputs.map((port) => port.name);
      if (spec.category === 'trigger') {
        expect(spec.ports.inputs, spec.type).toEqual([]);
        expect(outputs, spec.type).not.toContain(ERROR_PORT.name);
      } else {
        expect(spec.ports.inputs, spec.type).toEqual([IN_PORT]);
        expect(spec.ports.outputs, spec.type).toContainEqual(ERROR_PORT);
      }
      expect(new Set(outputs).size, spec.type).toBe(outputs.length);
    }
  });

  it('marks the HTTP connector, the API connector step and raising an exception as the only built-in node types with side effects', () => {
    expect(builtIn.filter((spec) => spec.sideEffects).map((spec) => spec.type)).toEqual(['connector.http', 'connector.openapi', 'flow.raiseException']);
  });

  it("names each connector operation connector.<system>.<operation> in its system's palette group", () => {
    expect(operations.length).toBeGreaterThan(0);
    for (const spec of operations) {
      expect(spec.category, spec.type).toBe('connector');
      expect(spec.type, spec.type).toMatch(/^connector\.[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/);
      expect(spec.title.startsWith(`${spec.group ?? ''}: `), spec.type).toBe(true);
    }
  });

  it('marks every connector operation that changes the external system as having side effects, and no read', () => {
    for (const spec of operations) expect(spec.sideEffects, spec.type).toBe(!READ_OPERATION.test(spec.type));
  });

  it('describes every spec for people: title, description, icon', () => {
    for (const spec of specs) {
      expect(spec.title.length, spec.type).toBeGreaterThan(0);
      expect(spec.description.length, spec.type).toBeGreaterThan(40);
      expect(spec.icon, spec.type).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(spec.type.startsWith(`${spec.category}.`), spec.type).toBe(true);
    }
  });

  it('uses a strict object for every config', () => {
    for (const spec of specs) {
      expect(spec.config, spec.type).toBeInstanceOf(z.ZodObject);
      expect(spec.config.safeParse({ unknownSetting: 1 }).error?.issues.some((issue) => issue.code === 'unrecognized_keys'), spec.type).toBe(true);
    }
  });

  it('uses only the zod kinds the form renderer and the engine walk', () => {
    for (const spec of specs) {
      for (const site of fieldsOf(spec.config)) {
        expect(ALLOWED_KINDS.has(site.schema.def.type), `${spec.type} ${site.path}: ${site.schema.def.type}`).toBe(true);
      }
    }
  });

  it('has only valid json-logic in visibleWhen hints, reading fields of the config', () => {
    let count = 0;
    for (const spec of specs) {
      for (const site of fieldsOf(spec.config)) {
        const rule = fieldHints(site.schema).visibleWhen;
        if (rule === undefined) continue;
        count++;
        expect(checkExpression(rule), `${spec.type} ${site.path}`).toEqual([]);
        expect(JSON.stringify(rule), `${spec.type} ${site.path}`).toMatch(/"var"/);
      }
    }
    expect(count).toBeGreaterThanOrEqual(2);
  });

  it('labels every top-level config field', () => {
    for (const spec of specs) {
      for (const site of fieldsOf(spec.config).filter((field) => /^config\.\w+$/.test(field.path))) {
        expect(fieldHints(site.schema).label, `${spec.type} ${site.path}`).toBeTruthy();
      }
    }
  });

  it('is implemented exactly by nodes/index.ts', () => {
    expect(reexported).toBe(nodeCatalog);
    const implemented = nodeImplementations.map((implementation) => implementation.spec);
    expect(new Set(implemented).size).toBe(implemented.length);
    expect(new Set(implemented)).toEqual(new Set(specs));
    for (const implementation of nodeImplementations) {
      expect(nodeCatalog.get(implementation.spec.type, implementation.spec.version)).toBe(implementation.spec);
      expect(typeof implementation.execute).toBe('function');
    }
  });
});
