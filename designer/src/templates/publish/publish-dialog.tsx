import { useState } from 'react';
import Markdown from 'react-markdown';
import { Link } from 'react-router';
import { ApiError } from '../../app/api-client.js';
import { errorMessage } from '../../app/error-message.js';
import { workspacePath } from '../../app/workspace.js';
import { FormDialog } from '../../settings/form-dialog.js';
import { nextMinor, slugOf, usePublishActions, usePublishedTemplates, type PublishRequest } from './api.js';

/** A category of the template gallery. */
type Category = PublishRequest['manifest']['category'];

/** The categories of the template gallery. */
const CATEGORIES: readonly Category[] = ['Orders', 'Returns', 'Finance', 'Inventory', 'Fulfilment', 'Purchasing', 'Service', 'Operations'];

/** A field's refusal, from the server's details at `body.manifest.<field>` (the request's shape) or `manifest.<field>` (the template's checks). */
function FieldError({ errors, field }: { errors: Readonly<Record<string, string>>; field: string }) {
  const message = errors[`body.manifest.${field}`] ?? errors[`manifest.${field}`] ?? errors[`body.${field}`];
  return message ? <span className="error small">{message}</span> : null;
}

/**
 * Publishes an approved version of a partner's workflow as a private template of its customers'
 * gallery: the manifest (name, address, summary, category, tags, version, what changed) and the
 * README, edited here. A workflow published before gets its template's next version.
 */
export function PublishDialog({ tenantId, workflowId, workflowName, version, onClose }: { tenantId: string; workflowId: string; workflowName: string; version: number; onClose: () => void }) {
  const catalog = usePublishedTemplates(tenantId);
  const existing = catalog.data?.find((template) => template.versions.some((entry) => entry.workflowId === workflowId));
  const actions = usePublishActions(tenantId);
  const [title, setTitle] = useState(workflowName);
  const [slug, setSlug] = useState(slugOf(workflowName));
  const [summary, setSummary] = useState('');
  const [category, setCategory] = useState<Category>('Orders');
  const [tags, setTags] = useState('');
  const [templateVersion, setTemplateVersion] = useState<string | null>(null);
  const [changes, setChanges] = useState(`Published from version ${version} of ${workflowName}.`);
  const [readme, setReadme] = useState(`# ${workflowName}\n\n## When to use it\n\n## What it does\n\n## What to configure\n`);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const shownVersion = templateVersion ?? (existing ? nextMinor(existing.version) : '1.0.0');
  const shownSlug = existing?.slug ?? slug;
  const mutation = existing ? actions.addVersion : actions.publish;

  const submit = () => {
    setErrors({});
    setFailure(null);
    const request: PublishRequest = {
      workflowId,
      workflowVersion: version,
      manifest: {
        slug: shownSlug,
        title: title.trim(),
        summary: summary.trim(),
        category,
        tags: tags.split(',').map((tag) => tag.trim().toLowerCase()).filter(Boolean),
        version: shownVersion.trim(),
        changes: changes.split('\n').map((line) => line.trim()).filter(Boolean),
      },
      readme,
    };
    mutation.mutate(request, {
      onSuccess: () => setPublished(`${request.manifest.title} ${request.manifest.version}`),
      onError: (error) => {
        setErrors(error instanceof ApiError ? Object.fromEntries(error.details.map((detail) => [detail.path, detail.message])) : {});
        setFailure(errorMessage(error));
      },
    });
  };

  if (published !== null) {
    return (
      <FormDialog title="Published" submitLabel="Close" busy={false} onSubmit={onClose} onClose={onClose}>
        <p role="status">
          {published} is in your customers&apos; template gallery. <Link to={workspacePath(tenantId, 'settings/templates')}>Manage your templates</Link>
        </p>
      </FormDialog>
    );
  }
  return (
    <FormDialog title={existing ? `Publish a new version of ${existing.title}` : 'Publish as template'} submitLabel={mutation.isPending ? 'Publishing…' : 'Publish'} busy={mutation.isPending} onSubmit={submit} onClose={onClose}>
      <p className="muted small">
        Version {version} of {workflowName} becomes a template only your customers see. Parameters and connections come from the workflow: each credential becomes a connection your customers bind
        to their own.
      </p>
      <label>
        Template name
        <input value={title} required onChange={(event) => setTitle(event.target.value)} />
        <FieldError errors={errors} field="title" />
      </label>
      <label>
        Address (slug)
        <input value={shownSlug} disabled={existing !== undefined} required onChange={(event) => setSlug(event.target.value)} />
        <FieldError errors={errors} field="slug" />
      </label>
      <label>
        Summary
        <textarea value={summary} rows={2} required onChange={(event) => setSummary(event.target.value)} />
        <FieldError errors={errors} field="summary" />
      </label>
      <label>
        Category
        <select value={category} onChange={(event) => setCategory(event.target.value as Category)}>
          {CATEGORIES.map((entry) => (
            <option key={entry}>{entry}</option>
          ))}
        </select>
      </label>
      <label>
        Tags (separated by commas)
        <input value={tags} placeholder="orders, approval" onChange={(event) => setTags(event.target.value)} />
        <FieldError errors={errors} field="tags" />
      </label>
      <label>
        Template version
        <input value={shownVersion} required onChange={(event) => setTemplateVersion(event.target.value)} />
        <FieldError errors={errors} field="version" />
      </label>
      <label>
        What changed (one line each)
        <textarea value={changes} rows={2} onChange={(event) => setChanges(event.target.value)} />
        <FieldError errors={errors} field="changes" />
      </label>
      <label>
        README (Markdown)
        <textarea value={readme} rows={8} className="param-json" onChange={(event) => setReadme(event.target.value)} />
        <FieldError errors={errors} field="readme" />
      </label>
      <details>
        <summary>Preview the README</summary>
        <div className="template-readme">
          <Markdown components={{ h1: 'h3', h2: 'h4', h3: 'h5' }}>{readme}</Markdown>
        </div>
      </details>
      {failure ? (
        <p role="alert" className="error">
          Not published: {failure}
        </p>
      ) : null}
    </FormDialog>
  );
}
