import type { BcValue } from './entities.js';

/** A record and the version its etag is made from. */
export interface BcRow {
  readonly data: Record<string, BcValue>;
  version: number;
}

/** The ERP's data: one company's tables, by entity set name. */
export interface BcState {
  readonly companyId: string;
  readonly tables: Map<string, BcRow[]>;
  /** Last number used per number series (`S-ORD`, `PO`...). */
  readonly numberSeries: Record<string, number>;
}
