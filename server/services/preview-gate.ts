/**
 * How many impact previews may run at once: one per tenant, and a few in the whole process. A
 * preview holds one recorded run and the answer it builds in memory and takes the event loop in
 * turns for up to its time budget; bounding how many run together bounds both.
 */
export class PreviewGate {
  private readonly tenants = new Set<string>();

  constructor(private readonly maxConcurrent: number) {}

  /** A release function when a preview of `tenantId` may start now; undefined when it must wait. */
  tryEnter(tenantId: string): (() => void) | undefined {
    if (this.tenants.has(tenantId) || this.tenants.size >= this.maxConcurrent) return undefined;
    this.tenants.add(tenantId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.tenants.delete(tenantId);
    };
  }
}
