/** The most items a connector's list operation collects, over all pages. */
export const MAX_LIST_ITEMS = 10_000;
