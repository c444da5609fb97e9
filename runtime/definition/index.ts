export * from './catalog.js';
export * from './json-value.js';
export * from './migration-sequence.js';
export * from './node-execution.js';
export * from './node-spec.js';
export * from './problem.js';
export * from './workflow-migrations.js';
export * from './workflow-schema.js';
