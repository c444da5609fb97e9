import { createCatalog } from '../runtime/definition/index.js';
import { spec as httpRequest } from './connector.http/spec.js';
import { spec as merge } from './data.merge/spec.js';
import { spec as transform } from './data.transform/spec.js';
import { spec as delay } from './flow.delay/spec.js';
import { spec as forEach } from './flow.forEach/spec.js';
import { spec as respond } from './flow.respond/spec.js';
import { spec as subworkflow } from './flow.subworkflow/spec.js';
import { spec as waitForEvent } from './flow.waitForEvent/spec.js';
import { spec as approval } from './human.approval/spec.js';
import { spec as condition } from './logic.condition/spec.js';
import { spec as switchSpec } from './logic.switch/spec.js';
import { spec as manualTrigger } from './trigger.manual/spec.js';
import { spec as scheduleTrigger } from './trigger.schedule/spec.js';
import { spec as webhookTrigger } from './trigger.webhook/spec.js';

/** Every node type the product offers: specs only, safe to import in the browser. */
export const nodeCatalog = createCatalog([
  manualTrigger,
  webhookTrigger,
  scheduleTrigger,
  condition,
  switchSpec,
  transform,
  merge,
  httpRequest,
  respond,
  approval,
  delay,
  waitForEvent,
  forEach,
  subworkflow,
]);
