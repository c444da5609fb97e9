import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeCatalog } from '../../nodes/catalog.js';
import { loadTemplateCatalog, readTemplate } from '../../server/templates/template-catalog.js';
import { tempDir } from '../support/temp-dir.js';

const templatesDir = join(import.meta.dirname, '../../templates');

describe('the built-in template catalog', () => {
  it('loads every template folder without a problem', () => {
    const templates = loadTemplateCatalog(templatesDir, nodeCatalog);
    expect(templates.map((template) => template.manifest.slug)).toContain('order-exception-routing');
    for (const template of templates) {
      expect(template.readme, template.manifest.slug).toMatch(/^# /);
      expect(Object.keys(template.samples).length, template.manifest.slug).toBeGreaterThan(0);
    }
  });
});

describe('a broken template', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  /** A copy of a built-in template in a temp folder, changed by `change`. */
  function brokenCopy(change: (folder: string) => void, name = 'order-exception-routing'): string {
    const dir = tempDir('flowgate-template-');
    dirs.push(dir);
    const folder = join(dir.path, name);
    cpSync(join(templatesDir, 'order-exception-routing'), folder, { recursive: true });
    change(folder);
    return folder;
  }
  const editJson = (file: string, edit: (value: Record<string, unknown>) => void) => {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    edit(value);
    writeFileSync(file, JSON.stringify(value));
  };

  it('names a missing README and missing samples', () => {
    const folder = brokenCopy((copy) => {
      rmSync(join(copy, 'README.md'));
      rmSync(join(copy, 'samples'), { recursive: true });
      mkdirSync(join(copy, 'samples'));
    });
    expect(readTemplate(folder, nodeCatalog).problems).toEqual([`${join(folder, 'README.md')} is missing or empty`, `${join(folder, 'samples')} holds no sample input (*.json)`]);
  });

  it('refuses a slug that is not the folder name and a changelog behind the version', () => {
    const folder = brokenCopy((copy) => editJson(join(copy, 'manifest.json'), (manifest) => (manifest.version = '1.1.0')), 'renamed');
    expect(readTemplate(folder, nodeCatalog).problems).toEqual([
      'manifest.json slug "order-exception-routing" is not the folder\'s name "renamed"',
      'manifest.json: the changelog\'s first entry is not version 1.1.0',
    ]);
  });

  it('refuses parameters that do not match the definition, or whose defaults break their schema', () => {
    const folder = brokenCopy((copy) =>
      editJson(join(copy, 'manifest.json'), (manifest) => {
        const properties = (manifest.parameters as { properties: Record<string, Record<string, unknown>> }).properties;
        properties.reviewThreshold = { ...properties.reviewThreshold, default: -5 };
        properties.region = { type: 'string', title: 'Region', default: 'EU' };
      }),
    );
    const problems = readTemplate(folder, nodeCatalog).problems;
    expect(problems).toContain('parameter "region" is not a param of the definition');
    expect(problems.some((problem) => problem.startsWith("the parameters' defaults do not meet their schema: reviewThreshold:"))).toBe(true);
  });

  it('refuses a step credential that is no connector of the manifest, and a connector no step uses', () => {
    const folder = brokenCopy((copy) => {
      editJson(join(copy, 'definition.json'), (definition) => {
        const nodes = definition.nodes as Record<string, unknown>[];
        nodes.push({ id: 'call', type: 'connector.http', version: 1, name: 'Call', position: { x: 900, y: 200 }, config: { url: 'https://erp.example/x', credential: 'erp' } });
        (definition.edges as unknown[]).push({ id: 'e-call', source: 'queue', sourcePort: 'out', target: 'call', targetPort: 'in' });
      });
      editJson(join(copy, 'manifest.json'), (manifest) => {
        manifest.connectors = [{ key: 'shop', system: 'Shopify', credentialTypes: ['shopify'], description: 'The store' }];
      });
    });
    expect(readTemplate(folder, nodeCatalog).problems).toEqual([
      'connector "shop" is used by no step',
      'steps call use the credential "erp", which is no connector of the manifest',
    ]);
  });

  it('names the definition problems with their paths', () => {
    const folder = brokenCopy((copy) => editJson(join(copy, 'definition.json'), (definition) => ((definition.nodes as { type: string }[])[1]!.type = 'logic.nothing')));
    expect(readTemplate(folder, nodeCatalog).problems[0]).toMatch(/^definition\.json nodes\.1(\.type)?: /);
  });
});
