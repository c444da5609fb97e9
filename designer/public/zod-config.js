// Zod 4 compiles object parsers with `new Function` when it may, and finds out whether it may by
// trying once as each object schema is created. The designer's Content-Security-Policy forbids
// eval (script-src 'self'), so that probe alone is reported as a CSP violation: zod must run
// without its JIT. Zod reads its configuration from globalThis.__zod_globalConfig, and the schemas
// (node specs, the workflow schema) are created as the bundle loads, so this is a plain script of
// its own, run before the app's modules; a module of the bundle would run after the chunk holding
// zod and the specs.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
