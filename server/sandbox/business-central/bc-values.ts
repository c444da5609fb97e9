import type { JsonObject } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';
import type { BcValue, EntityDefinition, FieldType } from './entities.js';

const EDM: Record<FieldType, string> = {
  string: 'Edm.String',
  decimal: 'Edm.Decimal',
  int: 'Edm.Int32',
  bool: 'Edm.Boolean',
  date: 'Edm.Date',
  datetime: 'Edm.DateTimeOffset',
  guid: 'Edm.Guid',
};

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Whether a text is a GUID. */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

function convert(value: unknown, type: FieldType): BcValue | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
    case 'guid':
      return typeof value === 'string' && GUID.test(value) ? value.toLowerCase() : undefined;
  }
}

/**
 * The changes a write body asks for, checked as Business Central's OData layer checks them: every
 * property must exist on the type and be writable, and every value must convert to its type.
 * `@odata.*` annotations are ignored; `extra` names properties allowed on this write only.
 */
export function bodyChanges(body: JsonObject, definition: EntityDefinition, extra: readonly string[] = []): Record<string, BcValue> {
  const changes: Record<string, BcValue> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.')) continue;
    const type = definition.fields[name];
    if (!type) throw new SandboxError(400, `The property '${name}' does not exist on type 'Microsoft.NAV.${definition.typeName}'. Make sure to only use property names that are defined by the type.`, undefined, 'BadRequest');
    if (!definition.writable.includes(name) && !extra.includes(name)) throw new SandboxError(400, `The property '${name}' of 'Microsoft.NAV.${definition.typeName}' is read-only and cannot be set.`, undefined, 'BadRequest');
    const converted = convert(value, type);
    if (converted === undefined) throw new SandboxError(400, `Cannot convert the literal '${typeof value === 'string' ? value : JSON.stringify(value)}' to the expected type '${EDM[type]}'.`, undefined, 'BadRequest');
    changes[name] = converted;
  }
  return changes;
}

/** A type's caption in messages: `salesOrder` → `Sales Order`. */
export function caption(definition: EntityDefinition): string {
  return definition.typeName.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (char) => char.toUpperCase());
}

/** Business Central's 404 for a record. */
export function recordNotFound(definition: EntityDefinition, identification: string): SandboxError {
  return new SandboxError(404, `The ${caption(definition)} does not exist. Identification fields and values: ${identification}`, undefined, 'Internal_RecordNotFound');
}
