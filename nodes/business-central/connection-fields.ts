import { z } from 'zod';
import { expression, field } from '../../runtime/definition/index.js';
import { httpUrlProblem } from '../connector.http/spec.js';

/** A Business Central record id: a GUID without braces. */
export const bcGuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID such as 5d115c9c-44e3-ea11-bb43-000d3a2feca1');

/** The config fields every Business Central operation starts with: which API, which company, which credential. */
export const bcConnectionFields = {
  apiUrl: field(
    z.string().refine((url) => httpUrlProblem(url) === undefined, { message: 'must be an absolute https URL ending in /api/v2.0' }),
    {
      label: 'API URL',
      widget: 'text',
      placeholder: 'https://api.businesscentral.dynamics.com/v2.0/<tenant id>/production/api/v2.0',
      help: 'The API v2.0 root of your Business Central environment: https://api.businesscentral.dynamics.com/v2.0/<Entra tenant id>/<environment>/api/v2.0.',
    },
  ),
  companyId: field(bcGuid, { label: 'Company id', widget: 'text', help: 'The id of the company (GET companies lists them).' }),
  credential: field(z.string().min(1), {
    label: 'Credential',
    widget: 'credential',
    credentialTypes: ['oauth2ClientCredentials'],
    help: "An OAuth2 client credentials credential of the app registered in Microsoft Entra (token URL https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token, scope https://api.businesscentral.dynamics.com/.default).",
  }),
};

/** The record a get operation reads: its id, usually taken from the input or an earlier step. */
export const recordIdField = (noun: string) =>
  expression(bcGuid, { label: `${noun} id`, widget: 'jsonLogic', help: `The id (a GUID) of the ${noun.toLowerCase()}, e.g. {"var": "input.id"}.` });
