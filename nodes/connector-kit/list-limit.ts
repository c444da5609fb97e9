import { z } from 'zod';
import { field } from '../../runtime/definition/index.js';

/** The most items a connector's list operation collects, over all pages. */
export const MAX_LIST_ITEMS = 10_000;

/**
 * The config field of a list operation that caps how many items it collects (1000 by default):
 * `noun` names the items ("orders"), `label` the field when "Most <noun>" does not fit, `note`
 * adds to the help.
 */
export function maxItemsField(noun: string, options: { label?: string; note?: string } = {}) {
  return field(z.number().int().min(1).max(MAX_LIST_ITEMS), {
    label: options.label ?? `Most ${noun}`,
    widget: 'number',
    help: `Stop after this many ${noun} (at most ${MAX_LIST_ITEMS}); "truncated" says when more were left.${options.note === undefined ? '' : ` ${options.note}`}`,
  }).default(1000);
}
