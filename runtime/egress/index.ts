export * from './address-class.js';
export * from './allow-list.js';
export * from './egress-guard.js';
export * from './egress-policy.js';
export * from './guarded-connector.js';
export * from './guarded-fetch.js';
export * from './host-pattern.js';
