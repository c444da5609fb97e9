import Markdown from 'react-markdown';
import { Link, useParams } from 'react-router';
import { useCan } from '../app/permissions.js';
import { useWorkspace } from '../app/workspace.js';
import { ReadOnlyCanvas } from '../shared/canvas/read-only-canvas.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { valueText } from '../shared/params/param-values.js';
import { useTemplate, type TemplateDetail } from './api.js';
import { templateParams } from './template-params.js';
import './templates.css';

/** The connections, parameters and changelog of a template, beside its README. */
function TemplateFacts({ template }: { template: TemplateDetail }) {
  const params = templateParams(template.parameters);
  return (
    <aside className="template-facts" aria-label="What the template needs">
      <section aria-labelledby="connections-title">
        <h2 id="connections-title">Connections</h2>
        {template.connectors.length === 0 ? (
          <p className="muted">None: the template calls no external system.</p>
        ) : (
          <dl>
            {template.connectors.map((connector) => (
              <div key={connector.key}>
                <dt>{connector.system}</dt>
                <dd>
                  {connector.description} <span className="muted small">(a {connector.credentialTypes.join(' or ')} credential)</span>
                </dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      <section aria-labelledby="parameters-title">
        <h2 id="parameters-title">Parameters</h2>
        {params.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <dl>
            {params.map((param) => (
              <div key={param.name}>
                <dt>{param.title ?? param.name}</dt>
                <dd>
                  {param.description ? `${param.description} ` : ''}
                  <span className="muted small">
                    ({param.type}
                    {param.default === undefined ? '' : `, default ${valueText(param.default)}`})
                  </span>
                </dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      <section aria-labelledby="changelog-title">
        <h2 id="changelog-title">Changes</h2>
        <dl>
          {template.changelog.map((entry) => (
            <div key={entry.version}>
              <dt>
                {entry.version} <span className="muted small">({entry.date})</span>
              </dt>
              {entry.changes.map((change) => (
                <dd key={change}>{change}</dd>
              ))}
            </div>
          ))}
        </dl>
      </section>
    </aside>
  );
}

/**
 * A template's page: what it does (summary, README), what it looks like (a read-only canvas), what
 * it needs (connections, parameters) and how it changed; **Use template** starts the wizard.
 */
export function TemplatePage() {
  const { tenant } = useWorkspace();
  const { slug = '' } = useParams();
  const can = useCan();
  const template = useTemplate(tenant.id, slug);
  if (template.isPending) return <LoadingState label="Loading the template…" />;
  if (template.isError) {
    return (
      <ErrorState title="The template could not be loaded" error={template.error} onRetry={() => void template.refetch()}>
        <Link to="..">Back to the templates</Link>
      </ErrorState>
    );
  }
  const detail = template.data;
  return (
    <article className="template-page" aria-labelledby="template-title">
      <p>
        <Link to="..">← Templates</Link>
      </p>
      <header className="template-header">
        <div>
          <p className="template-category">{detail.category}</p>
          <h1 id="template-title">{detail.title}</h1>
          <p>{detail.summary}</p>
          <p className="muted small">
            Version {detail.version} · tags: {detail.tags.join(', ')}
          </p>
        </div>
        {can('workflow.write') ? (
          <Link className="button primary" to="use">
            Use template
          </Link>
        ) : null}
      </header>
      <section aria-label="Preview of the workflow" className="template-preview">
        <ReadOnlyCanvas definition={detail.definition} minimap={false} label={`Preview of ${detail.title} (read-only)`} />
      </section>
      <div className="template-columns">
        <section className="template-readme" aria-label="About this template">
          <Markdown components={{ h1: 'h2', h2: 'h3', h3: 'h4' }}>{detail.readme}</Markdown>
        </section>
        <TemplateFacts template={detail} />
      </div>
    </article>
  );
}
