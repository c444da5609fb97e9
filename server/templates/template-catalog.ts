import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { validateWorkflow, type NodeCatalog, type WorkflowDefinition } from '../../runtime/definition/index.js';
import { templateManifestSchema, type TemplateManifest } from './template-manifest.js';

/** A packaged template: its manifest, definition, README and sample inputs. */
export interface PackagedTemplate {
  readonly manifest: TemplateManifest;
  readonly definition: WorkflowDefinition;
  readonly readme: string;
  /** Sample run inputs by file name (without `.json`). */
  readonly samples: Readonly<Record<string, unknown>>;
}

/** JSON Schema types of template parameters, by the workflow param type each must be. */
const PARAM_TYPES: Readonly<Record<string, string>> = { string: 'string', number: 'number', integer: 'number', boolean: 'boolean', array: 'json', object: 'json' };

/** Reads a JSON file, naming the file when it is missing or not JSON. */
function readJson(path: string, problems: string[]): unknown {
  if (!existsSync(path)) {
    problems.push(`${path} is missing`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    problems.push(`${path} is not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

/** The credential names the steps of a definition give. */
function credentialNames(definition: WorkflowDefinition): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const node of definition.nodes) {
    const credential = node.config.credential;
    if (typeof credential === 'string') names.set(credential, [...(names.get(credential) ?? []), node.id]);
  }
  return names;
}

/** What is wrong with the parameters and connectors of a manifest, measured against its definition (built-in and published templates alike). */
export function consistencyProblems(manifest: TemplateManifest, definition: WorkflowDefinition, catalog: NodeCatalog): string[] {
  const problems: string[] = [];
  const params = new Map(definition.params.map((param) => [param.name, param]));
  for (const [name, property] of Object.entries(manifest.parameters.properties)) {
    const param = params.get(name);
    if (!param) problems.push(`parameter "${name}" is not a param of the definition`);
    else if (PARAM_TYPES[property.type] !== param.type) problems.push(`parameter "${name}" is a ${property.type} but the definition's param is a ${param.type}`);
  }
  for (const name of manifest.parameters.required) {
    if (!(name in manifest.parameters.properties)) problems.push(`required parameter "${name}" is not described`);
  }
  const defaults = Object.fromEntries(Object.entries(manifest.parameters.properties).map(([name, property]) => [name, property.default]));
  const checked = z.fromJSONSchema(manifest.parameters).safeParse(defaults);
  if (!checked.success) problems.push(`the parameters' defaults do not meet their schema: ${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const used = credentialNames(definition);
  for (const connector of manifest.connectors) {
    const steps = used.get(connector.key);
    if (!steps) {
      problems.push(`connector "${connector.key}" is used by no step`);
      continue;
    }
    for (const [field, parameter] of Object.entries(connector.settings)) {
      if (!(parameter in manifest.parameters.properties)) problems.push(`connector "${connector.key}" takes its ${field} from "${parameter}", which is no parameter`);
    }
    for (const nodeId of steps) {
      const node = definition.nodes.find((candidate) => candidate.id === nodeId);
      const spec = node ? catalog.get(node.type, node.version) : undefined;
      if (spec?.group !== undefined && spec.group !== connector.system) problems.push(`step "${nodeId}" is a ${spec.group} step but its connector "${connector.key}" is ${connector.system}`);
      for (const field of Object.keys(connector.settings)) {
        if (node && !(field in node.config)) problems.push(`step "${nodeId}" has no ${field} for connector "${connector.key}" to set`);
      }
    }
  }
  for (const [name, steps] of used) {
    if (!manifest.connectors.some((connector) => connector.key === name)) problems.push(`steps ${steps.join(', ')} use the credential "${name}", which is no connector of the manifest`);
  }
  return problems;
}

/**
 * Reads one template folder (`manifest.json`, `definition.json`, `README.md`, `samples/*.json`) and
 * checks it the way a clone would use it. Answers the template, or the problems found (each naming
 * the file or the part that is wrong).
 */
export function readTemplate(folder: string, catalog: NodeCatalog): { template?: PackagedTemplate; problems: string[] } {
  const problems: string[] = [];
  const rawManifest = readJson(join(folder, 'manifest.json'), problems);
  const rawDefinition = readJson(join(folder, 'definition.json'), problems);
  const readmePath = join(folder, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  if (readme.trim() === '') problems.push(`${readmePath} is missing or empty`);
  const samplesDir = join(folder, 'samples');
  const sampleFiles = existsSync(samplesDir) ? readdirSync(samplesDir).filter((file) => file.endsWith('.json')).sort() : [];
  if (sampleFiles.length === 0) problems.push(`${samplesDir} holds no sample input (*.json)`);
  const samples = Object.fromEntries(sampleFiles.map((file) => [file.slice(0, -'.json'.length), readJson(join(samplesDir, file), problems)]));
  if (rawManifest === undefined || rawDefinition === undefined) return { problems };

  const manifest = templateManifestSchema.safeParse(rawManifest);
  if (!manifest.success) {
    return { problems: [...problems, ...manifest.error.issues.map((issue) => `manifest.json ${issue.path.join('.') || '(root)'}: ${issue.message}`)] };
  }
  const folderName = folder.split(/[\\/]/).at(-1);
  if (manifest.data.slug !== folderName) problems.push(`manifest.json slug "${manifest.data.slug}" is not the folder's name "${folderName ?? ''}"`);
  if (manifest.data.changelog[0]?.version !== manifest.data.version) problems.push(`manifest.json: the changelog's first entry is not version ${manifest.data.version}`);
  const definitionProblems = validateWorkflow(rawDefinition, catalog);
  if (definitionProblems.length > 0) {
    return { problems: [...problems, ...definitionProblems.map((problem) => `definition.json ${problem.path.join('.')}: ${problem.message}`)] };
  }
  const definition = rawDefinition as WorkflowDefinition;
  problems.push(...consistencyProblems(manifest.data, definition, catalog));
  return problems.length > 0 ? { problems } : { template: { manifest: manifest.data, definition, readme, samples }, problems };
}

/**
 * The built-in catalog: every folder under `dir` with a manifest. Throws, listing every problem of
 * every template, when one is broken, so a bad template stops the server at startup (and the
 * templates test) rather than a customer's clone.
 */
export function loadTemplateCatalog(dir: string, catalog: NodeCatalog): PackagedTemplate[] {
  const folders = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'manifest.json')));
  const templates: PackagedTemplate[] = [];
  const problems: string[] = [];
  for (const entry of folders) {
    const read = readTemplate(join(dir, entry.name), catalog);
    if (read.template) templates.push(read.template);
    problems.push(...read.problems.map((problem) => `templates/${entry.name}: ${problem}`));
  }
  if (problems.length > 0) throw new Error(`the template catalog has problems:\n${problems.join('\n')}`);
  return templates.sort((a, b) => a.manifest.title.localeCompare(b.manifest.title));
}
