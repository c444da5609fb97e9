import { defineNode, type NodeImplementation } from '../runtime/definition/index.js';
import { execute as httpRequest } from './connector.http/execute.js';
import { spec as httpRequestSpec } from './connector.http/spec.js';
import { execute as merge } from './data.merge/execute.js';
import { spec as mergeSpec } from './data.merge/spec.js';
import { execute as transform } from './data.transform/execute.js';
import { spec as transformSpec } from './data.transform/spec.js';
import { execute as delay } from './flow.delay/execute.js';
import { spec as delaySpec } from './flow.delay/spec.js';
import { execute as forEach } from './flow.forEach/execute.js';
import { spec as forEachSpec } from './flow.forEach/spec.js';
import { execute as respond } from './flow.respond/execute.js';
import { spec as respondSpec } from './flow.respond/spec.js';
import { execute as subworkflow } from './flow.subworkflow/execute.js';
import { spec as subworkflowSpec } from './flow.subworkflow/spec.js';
import { execute as waitForEvent } from './flow.waitForEvent/execute.js';
import { spec as waitForEventSpec } from './flow.waitForEvent/spec.js';
import { execute as approval } from './human.approval/execute.js';
import { spec as approvalSpec } from './human.approval/spec.js';
import { execute as condition } from './logic.condition/execute.js';
import { spec as conditionSpec } from './logic.condition/spec.js';
import { execute as switchExecute } from './logic.switch/execute.js';
import { spec as switchSpec } from './logic.switch/spec.js';
import { execute as manualTrigger } from './trigger.manual/execute.js';
import { spec as manualTriggerSpec } from './trigger.manual/spec.js';
import { execute as scheduleTrigger } from './trigger.schedule/execute.js';
import { spec as scheduleTriggerSpec } from './trigger.schedule/spec.js';
import { execute as webhookTrigger } from './trigger.webhook/execute.js';
import { spec as webhookTriggerSpec } from './trigger.webhook/spec.js';

export { nodeCatalog } from './catalog.js';

/** Every node type the runtime can execute: the catalog's specs with their execute functions. */
export const nodeImplementations: readonly NodeImplementation[] = [
  defineNode(manualTriggerSpec, manualTrigger),
  defineNode(webhookTriggerSpec, webhookTrigger),
  defineNode(scheduleTriggerSpec, scheduleTrigger),
  defineNode(conditionSpec, condition),
  defineNode(switchSpec, switchExecute),
  defineNode(transformSpec, transform),
  defineNode(mergeSpec, merge),
  defineNode(httpRequestSpec, httpRequest),
  defineNode(respondSpec, respond),
  defineNode(approvalSpec, approval),
  defineNode(delaySpec, delay),
  defineNode(waitForEventSpec, waitForEvent),
  defineNode(forEachSpec, forEach),
  defineNode(subworkflowSpec, subworkflow),
];
