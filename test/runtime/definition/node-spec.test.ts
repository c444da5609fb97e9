import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  ERROR_PORT,
  IN_PORT,
  OUT_PORT,
  createCatalog,
  defineNodeSpec,
  expression,
  field,
  fieldHints,
  outputPorts,
  type NodeSpec,
} from '../../../runtime/definition/index.js';

function spec(type: string, version: number, ports: Partial<NodeSpec['ports']> = {}): NodeSpec {
  return defineNodeSpec({
    type,
    version,
    title: `${type} v${version}`,
    description: 'A node type for tests.',
    category: 'logic',
    icon: 'box',
    ports: { inputs: [IN_PORT], outputs: [OUT_PORT], ...ports },
    config: z.object({}),
    sideEffects: false,
  });
}

describe('outputPorts', () => {
  const router = spec('logic.route', 1, {
    outputs: [{ name: 'default', label: 'Default' }, ERROR_PORT],
    outputsFromConfig: { list: 'routes', port: 'port', label: 'label' },
  });

  it('lists the static outputs when the spec names no config-driven ports', () => {
    expect(outputPorts(spec('data.plain', 1, { outputs: [OUT_PORT, ERROR_PORT] }), { routes: [{ port: 'x' }] })).toEqual([
      OUT_PORT,
      ERROR_PORT,
    ]);
  });

  it('adds one port per config entry after the static ones, labelled by the entry or else by its name', () => {
    const config = {
      routes: [
        { port: 'highValue', label: 'High value' },
        { port: 'vip' },
        { port: 'empty', label: '' },
        { port: 'numeric', label: 42 },
      ],
    };
    expect(outputPorts(router, config)).toEqual([
      { name: 'default', label: 'Default' },
      ERROR_PORT,
      { name: 'highValue', label: 'High value' },
      { name: 'vip', label: 'vip' },
      { name: 'empty', label: 'empty' },
      { name: 'numeric', label: 'numeric' },
    ]);
  });

  it('ignores malformed entries', () => {
    const config = { routes: [null, 'vip', 7, { port: '' }, { port: 3 }, { label: 'No port' }, { port: 'ok' }] };
    expect(outputPorts(router, config).map((port) => port.name)).toEqual(['default', 'error', 'ok']);
  });

  it('lists only the static outputs when the config has no usable list', () => {
    expect(outputPorts(router, {})).toEqual([{ name: 'default', label: 'Default' }, ERROR_PORT]);
    expect(outputPorts(router, { routes: { port: 'vip' } })).toEqual([{ name: 'default', label: 'Default' }, ERROR_PORT]);
  });

  it('uses the port name as the label when the spec names no label field', () => {
    const unlabelled = spec('logic.route', 2, { outputs: [], outputsFromConfig: { list: 'routes', port: 'port' } });
    expect(outputPorts(unlabelled, { routes: [{ port: 'vip', label: 'VIP' }] })).toEqual([{ name: 'vip', label: 'vip' }]);
  });

  it('does not change the spec', () => {
    outputPorts(router, { routes: [{ port: 'vip' }] });
    expect(router.ports.outputs).toEqual([{ name: 'default', label: 'Default' }, ERROR_PORT]);
  });
});

describe('fieldHints', () => {
  const hints = { label: 'Customer email', help: 'Where the confirmation goes', widget: 'text' } as const;

  it('reads the hints given with field()', () => {
    expect(fieldHints(field(z.string(), hints))).toEqual(hints);
  });

  it('is empty for a field without hints', () => {
    expect(fieldHints(z.string())).toEqual({});
    expect(fieldHints(z.string().optional())).toEqual({});
  });

  it('looks through optional, default and nullable wrappers', () => {
    expect(fieldHints(field(z.string(), hints).optional())).toEqual(hints);
    expect(fieldHints(field(z.string(), hints).nullable())).toEqual(hints);
    expect(fieldHints(field(z.string(), hints).default('ops@example.test'))).toEqual(hints);
    expect(fieldHints(field(z.string(), hints).nullable().optional().default(null))).toEqual(hints);
  });

  it('merges hints on a wrapper with those inside it, the wrapper winning', () => {
    const inner = field(z.string(), { label: 'Inner', help: 'Kept' }).optional();
    expect(fieldHints(field(inner, { label: 'Outer' }))).toEqual({ label: 'Outer', help: 'Kept' });
    expect(fieldHints(field(expression(z.json()).optional(), { label: 'Rule' }))).toEqual({
      label: 'Rule',
      widget: 'jsonLogic',
      expression: true,
    });
  });
});

describe('expression()', () => {
  it('marks the field as an expression with the jsonLogic widget by default', () => {
    expect(fieldHints(expression(z.json()))).toEqual({ widget: 'jsonLogic', expression: true });
  });

  it('keeps the hints given, including another widget', () => {
    expect(fieldHints(expression(z.string(), { label: 'URL', widget: 'text', placeholder: 'https://' }))).toEqual({
      label: 'URL',
      widget: 'text',
      placeholder: 'https://',
      expression: true,
    });
  });

  it('always marks the field as an expression', () => {
    expect(fieldHints(expression(z.string(), { expression: false })).expression).toBe(true);
  });

  it('leaves the schema it was given without hints', () => {
    const base = z.string();
    expression(base, { label: 'URL' });
    expect(fieldHints(base)).toEqual({});
  });

  it('keeps its marks when field() adds hints around it', () => {
    expect(fieldHints(field(expression(z.json()), { label: 'Condition' }))).toEqual({
      label: 'Condition',
      widget: 'jsonLogic',
      expression: true,
    });
  });
});

describe('createCatalog', () => {
  const merge = spec('data.merge', 1);
  const transform1 = spec('data.transform', 1);
  const transform2 = spec('data.transform', 2);
  const transform3 = spec('data.transform', 3);
  const condition = spec('logic.condition', 1);
  const catalog = createCatalog([condition, transform1, transform3, merge, transform2]);

  it('gets a spec by type and exact version', () => {
    expect(catalog.get('data.transform', 2)).toBe(transform2);
    expect(catalog.get('data.transform', 1)).toBe(transform1);
    expect(catalog.get('data.merge', 1)).toBe(merge);
    expect(catalog.get('data.transform', 4)).toBeUndefined();
    expect(catalog.get('acme.unknown', 1)).toBeUndefined();
  });

  it('picks the highest version as the latest, whatever the registration order', () => {
    expect(catalog.latest('data.transform')).toBe(transform3);
    expect(catalog.latest('logic.condition')).toBe(condition);
    expect(catalog.latest('acme.unknown')).toBeUndefined();
  });

  it('lists all specs sorted by type, newest version first within a type', () => {
    const all = catalog.all();
    expect(all.map((entry) => `${entry.type}@${entry.version}`)).toEqual([
      'data.merge@1',
      'data.transform@3',
      'data.transform@2',
      'data.transform@1',
      'logic.condition@1',
    ]);
    expect(all[1]).toBe(transform3);
  });

  it('throws when a type and version are registered twice', () => {
    expect(() => createCatalog([transform1, merge, spec('data.transform', 1)])).toThrow('node spec data.transform@1 is registered twice');
  });

  it('accepts the same type in several versions', () => {
    expect(() => createCatalog([transform1, transform2])).not.toThrow();
  });
});
