import { searchValueText } from '../definition/index.js';
import { evaluateExpression, type ExpressionContext } from '../expressions/index.js';
import { RunRequestError } from './errors.js';

/**
 * The business key a run starts with: the workflow's `settings.businessKey` evaluated over the
 * run's input and params. Null when the workflow sets none or it gives null or an empty string
 * (the input lacks the field); anything else that is not a string, number or boolean of at most
 * 200 characters refuses the run, as a bad input would.
 */
export function startBusinessKey(rule: unknown, context: Pick<ExpressionContext, 'input' | 'params'>): string | null {
  if (rule === undefined) return null;
  try {
    const value = evaluateExpression(rule, context);
    if (value === null || value === undefined || value === '') return null;
    return searchValueText(value, 'the business key (settings.businessKey)');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RunRequestError(message.startsWith('the business key') ? message : `the business key (settings.businessKey) could not be worked out: ${message}`, ['input']);
  }
}

/** The business key a starter gives (a signal's key), checked like any key: text of 1 to 200 characters. */
export function givenBusinessKey(key: string): string {
  try {
    return searchValueText(key, 'the business key');
  } catch (error) {
    throw new RunRequestError(error instanceof Error ? error.message : String(error), ['businessKey']);
  }
}
