import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../designer/src/app/api-types.js';
import { workspaceGroups, workspaceLabel } from '../../designer/src/app/workspace-groups.js';

const branding = { productName: 'Northwind Flow', logoUrl: null, primaryColor: '#0f766e', accentColor: '#f59e0b', supportEmail: null, supportUrl: null };

function workspace(id: string, name: string, kind: 'partner' | 'customer', parentId: string | null): Workspace {
  return { tenant: { id, slug: id, name, kind, parentId }, roles: ['designer'], via: kind === 'partner' ? 'member' : 'partner', branding };
}

const northwind = workspace('nw', 'Northwind Integrations', 'partner', null);
const contoso = workspace('co', 'Contoso Distribution', 'customer', 'nw');
const fabrikam = workspace('fa', 'Fabrikam Retail', 'customer', 'nw');
const globex = workspace('gx', 'Globex Consulting', 'partner', null);
const initech = workspace('in', 'Initech Wholesale', 'customer', 'gx');

const shape = (groups: ReturnType<typeof workspaceGroups>) => groups.map((group) => [group.label, group.workspaces.map((entry) => entry.tenant.id)]);

describe('workspaceGroups', () => {
  it('puts each partner first and its customers after it, by name', () => {
    expect(shape(workspaceGroups([contoso, northwind, fabrikam]))).toEqual([['Northwind Integrations', ['nw', 'co', 'fa']]]);
  });

  it('keeps partners apart, in the order the server lists them', () => {
    expect(shape(workspaceGroups([globex, northwind, initech, contoso]))).toEqual([
      ['Globex Consulting', ['gx', 'in']],
      ['Northwind Integrations', ['nw', 'co']],
    ]);
  });

  it('lists customers whose partner the user does not see under "Workspaces"', () => {
    expect(shape(workspaceGroups([fabrikam, contoso]))).toEqual([['Workspaces', ['co', 'fa']]]);
    expect(shape(workspaceGroups([]))).toEqual([]);
  });

  it('marks a partner as such', () => {
    expect(workspaceLabel(northwind)).toBe('Northwind Integrations (partner)');
    expect(workspaceLabel(contoso)).toBe('Contoso Distribution');
  });
});
