import { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';

/** The type of the one node that calls any operation of an imported OpenAPI document. */
export const CONNECTOR_OPENAPI_TYPE = 'connector.openapi';

/** The palette group of imported API connectors' operations. */
export const API_CONNECTORS_GROUP = 'API connectors';

/**
 * Calls one operation of an API connector imported from an OpenAPI document. The config names
 * the connector, its version and the operation; which parameters and body fields exist comes from
 * that stored operation, against which the server checks the config when the workflow is saved
 * (`operationConfigSchema`) and the node checks it again, with values, before calling.
 */
export const spec = defineNodeSpec({
  type: CONNECTOR_OPENAPI_TYPE,
  version: 1,
  title: 'API connector operation',
  description:
    'Calls one operation of an API your partner imported from its OpenAPI document (Settings → API connectors) and ' +
    'outputs the parsed JSON answer. Path parameters are encoded into the path, query and header parameters sent as ' +
    'named, the body as JSON; the credential is added as the operation\'s security scheme asks (API key, basic, bearer ' +
    'or OAuth2 client credentials). Every request carries an Idempotency-Key that stays the same when the step is retried ' +
    'or resumed. 429 and 5xx answers may be retried (honouring Retry-After); other 4xx are errors with the API\'s message.',
  category: 'connector',
  group: API_CONNECTORS_GROUP,
  icon: 'globe',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  config: z.strictObject({
    connectorId: field(z.string().min(1).max(100), { label: 'API connector', widget: 'text', help: 'The imported API connector (chosen in the palette).' }),
    version: field(z.number().int().min(1), { label: 'Connector version', widget: 'number', help: 'The imported version this step was built against; a re-import does not change it.' }),
    operationId: field(z.string().min(1).max(200), { label: 'Operation', widget: 'text', help: "The operation's id in the document." }),
    credential: field(z.string().min(1), {
      label: 'Credential',
      widget: 'credential',
      help: 'A stored credential of the type the API asks for (API key, basic, bearer or OAuth2 client credentials), bound to the API\'s host.',
    }).optional(),
    params: field(z.record(z.string(), expression(jsonValue)), { label: 'Parameters', widget: 'keyValue', help: 'Path, query and header parameters by name.' }).default({}),
    body: field(z.record(z.string(), expression(jsonValue)), {
      label: 'Body fields',
      widget: 'keyValue',
      help: 'The JSON body, one entry per top-level field of the body schema.',
    }).optional(),
    wholeBody: expression(jsonValue, {
      label: 'Whole body',
      help: 'The whole JSON body as one expression, e.g. {"var": "input"}; use it instead of the body fields (and for bodies that are not objects).',
    }).optional(),
  }),
  sideEffects: true,
});
