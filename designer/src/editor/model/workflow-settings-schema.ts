import { z } from 'zod';
import { field, paramSchema, settingsSchema, workflowDefinitionSchema } from '../../../../runtime/definition/index.js';

const definition = workflowDefinitionSchema.shape;
const param = paramSchema.shape;
const settings = settingsSchema.shape;

/**
 * The workflow's own fields — name, description, params, settings — as a schema with UI hints, so
 * the inspector draws them (when no node is selected) with the same renderer as node configs.
 * Built from the definition's schemas, so the limits are the validator's. Only for forms.
 */
export const workflowSettingsSchema = z.object({
  name: field(definition.name, { label: 'Workflow name' }),
  description: field(definition.description, { label: 'Description', widget: 'textarea' }),
  params: field(
    z.array(
      z.strictObject({
        name: field(param.name, { label: 'Name', placeholder: 'reviewThreshold', help: 'Expressions read it as params.<name>.' }),
        title: field(param.title, { label: 'Title', help: 'Shown to people starting a run.' }),
        description: field(param.description, { label: 'Description', widget: 'textarea' }),
        type: field(param.type, { label: 'Type' }),
        default: field(param.default, { label: 'Default', widget: 'json', help: 'JSON of the given type, used when a run does not set it.' }),
        required: field(param.required, { label: 'Required', help: 'A run must set it (when it has no default).' }),
      }),
    ).default([]),
    { label: 'Parameters', help: 'Values set per run (or by their defaults) that expressions read as params.<name>.' },
  ),
  settings: field(
    z
      .strictObject({
        slaMinutes: field(settings.slaMinutes, { label: 'SLA (minutes)', help: 'Minutes within which a run should finish; the dashboards measure against it.' }),
        timeoutSeconds: field(settings.timeoutSeconds, { label: 'Run timeout (seconds)', help: 'Hard limit on a run, waiting included.' }),
        errorWorkflowId: field(settings.errorWorkflowId, { label: 'Error workflow', help: 'Id of the workflow started with the failure details when a run of this one fails.' }),
        businessKey: field(settings.businessKey, {
          label: 'Business key',
          widget: 'jsonLogic',
          expression: true,
          help: 'What a run is about, such as an order or invoice number: json-logic over the run input, e.g. {"var": "input.orderNumber"}. The runs list and the API search by it.',
        }),
      })
      .default({}),
    { label: 'Settings' },
  ),
});
