import type { ComponentType } from 'react';
import type { Workspace } from './api-types.js';
import { can, type Permission } from './permissions.js';

/** A section of a workspace in the shell's navigation (Workflows; later Approvals, Runs, ...). */
export interface Section {
  /** Its path below /t/:tenantId/. */
  readonly path: string;
  /** The link's text. */
  readonly label: string;
  /** What the user's roles must allow for the section to be shown. */
  readonly permission: Permission;
  /** Shown beside the link, e.g. a count of what waits there. */
  readonly badge?: ComponentType;
}

/** The sections the user's roles in `workspace` allow, in navigation order. */
export function sectionsFor(workspace: Workspace, sections: readonly Section[]): Section[] {
  return sections.filter((section) => can(workspace, section.permission));
}

/** The section a URL inside a workspace belongs to (`/t/x/workflows/y` → workflows), if any. */
export function sectionOf(pathname: string, sections: readonly Section[]): Section | undefined {
  const first = pathname.split('/')[3] ?? '';
  return sections.find((section) => section.path === first);
}
