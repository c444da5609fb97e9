import { Link } from 'react-router';
import { workspacePath } from '../../app/workspace.js';
import { useWorkflowDetail } from '../../workflows/api.js';

/**
 * In the editor's version bar of a workflow cloned from a template: says when the template has a
 * newer version than the one the workflow follows, with the way to review and merge it.
 */
export function TemplateUpdateNotice({ tenantId, workflowId }: { tenantId: string; workflowId: string }) {
  const template = useWorkflowDetail(tenantId, workflowId).data?.template;
  if (!template || template.latestVersion === template.version) return null;
  return (
    <span className="version-fact pending" data-testid="template-update">
      Template {template.title} {template.latestVersion} is available (this workflow is on {template.version}){' '}
      <Link to={workspacePath(tenantId, `workflows/${workflowId}/template-update`)}>Review update</Link>
    </span>
  );
}
