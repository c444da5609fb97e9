/** A started process in the role `worker` or `scheduler` (no HTTP). */
export interface RoleProcess {
  /** Lets the work under way finish and be recorded, then closes the database and leaves the deployment. */
  close(): Promise<void>;
}
