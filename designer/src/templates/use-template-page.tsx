import { useEffect, useMemo, useState } from 'react';
import { Link, useBlocker, useNavigate, useParams } from 'react-router';
import { ApiError } from '../app/api-client.js';
import type { CredentialType } from '../app/api-types.js';
import { errorMessage } from '../app/error-message.js';
import { useWorkspace } from '../app/workspace.js';
import { useCredentials } from '../settings/api.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { ParamForm } from '../shared/params/param-form.js';
import { initialEntries, paramValues, type ParamEntries } from '../shared/params/param-values.js';
import { cloneTemplate, useTemplate, type TemplateDetail } from './api.js';
import { CreateCredentialForm } from './create-credential-form.js';
import { SandboxAddresses } from './sandbox-addresses.js';
import { connectionParams, schemaProblems, templateParams } from './template-params.js';
import { WizardTestRun } from './wizard-test-run.js';
import './templates.css';

const STEPS = ['Name and parameters', 'Connections', 'Create and test'] as const;

/** The server's refusal details by path (`params.x`, `credentials.y`, `name`). */
function detailsByPath(error: unknown): Record<string, string> {
  return error instanceof ApiError ? Object.fromEntries(error.details.map((detail) => [detail.path, detail.message])) : {};
}

/** A wizard step's way on: Back (when there is a step before) and Next. */
function WizardActions({ onBack, onNext }: { onBack?: () => void; onNext: () => void }) {
  return (
    <div className="wizard-actions">
      {onBack ? (
        <button type="button" className="button" onClick={onBack}>
          Back
        </button>
      ) : null}
      <button type="button" className="button primary" onClick={onNext}>
        Next
      </button>
    </div>
  );
}

/** The wizard of one loaded template. */
function Wizard({ tenantId, template }: { tenantId: string; template: TemplateDetail }) {
  const navigate = useNavigate();
  const params = useMemo(() => templateParams(template.parameters), [template.parameters]);
  const owners = useMemo(() => connectionParams(template.connectors), [template.connectors]);
  const stepNames = useMemo(() => new Map(((template.definition.nodes ?? []) as { id: string; name?: string }[]).map((node) => [node.id, node.name ?? node.id])), [template.definition]);
  const credentials = useCredentials(tenantId);
  const [step, setStep] = useState(0);
  const [name, setName] = useState(template.title);
  const [entries, setEntries] = useState<ParamEntries>(() => initialEntries(params));
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [creatingFor, setCreatingFor] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);

  const blocker = useBlocker(({ currentLocation, nextLocation }) => touched && created === null && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm('Leave the wizard? What you entered is not kept.')) blocker.proceed();
    else blocker.reset();
  }, [blocker]);

  const edit = (next: ParamEntries) => {
    setTouched(true);
    setEntries(next);
  };
  const general = params.filter((param) => !owners.has(param.name));
  const paramErrors = Object.fromEntries(Object.entries(errors).flatMap(([path, message]) => (path.startsWith('params.') ? [[path.slice('params.'.length), message]] : [])));
  const checked = paramValues(params, entries);
  const limits = checked.ok ? schemaProblems(template.parameters, checked.values) : {};

  const next = () => {
    const problems: Record<string, string> = {};
    if (step === 0 && name.trim() === '') problems.name = 'is required';
    const relevant = step === 0 ? general : params.filter((param) => owners.has(param.name));
    const entryErrors: Record<string, string> = checked.ok ? limits : checked.errors;
    for (const param of relevant) if (entryErrors[param.name]) problems[`params.${param.name}`] = entryErrors[param.name] as string;
    if (step === 1) for (const connector of template.connectors) if (!chosen[connector.key]) problems[`credentials.${connector.key}`] = `choose a credential for ${connector.system}`;
    setErrors(problems);
    if (Object.keys(problems).length === 0) setStep(step + 1);
  };
  const create = async () => {
    if (!checked.ok) return;
    setCreating(true);
    setFailure(null);
    try {
      const workflow = await cloneTemplate(tenantId, template.slug, { name: name.trim(), params: checked.values, credentials: chosen });
      setCreated(workflow.id);
    } catch (error) {
      const details = detailsByPath(error);
      setErrors(details);
      setFailure(errorMessage(error));
      if (Object.keys(details).some((path) => path.startsWith('params.') || path === 'name')) setStep(0);
      else if (Object.keys(details).some((path) => path.startsWith('credentials.'))) setStep(1);
    } finally {
      setCreating(false);
    }
  };

  return (
    <section className="template-wizard" aria-labelledby="wizard-title">
      <p>
        <Link to="..">← {template.title}</Link>
      </p>
      <h1 id="wizard-title">Use template: {template.title}</h1>
      <ol className="wizard-steps" aria-label="Steps">
        {STEPS.map((label, index) => (
          <li key={label} aria-current={index === step ? 'step' : undefined}>
            {index + 1}. {label}
          </li>
        ))}
      </ol>
      {failure ? (
        <p role="alert" className="error">
          {failure}
        </p>
      ) : null}
      {step === 0 ? (
        <div className="wizard-panel">
          <h2>1. Name and parameters</h2>
          <label className="wizard-field">
            Workflow name
            <input value={name} aria-invalid={errors.name ? true : undefined} onChange={(event) => (setTouched(true), setName(event.target.value))} />
          </label>
          {errors.name ? <p className="error small">Workflow name {errors.name}</p> : null}
          {general.length > 0 ? <ParamForm params={general} entries={entries} errors={paramErrors} onChange={edit} /> : <p className="muted">The template has no parameters besides its connections.</p>}
          <WizardActions onNext={next} />
        </div>
      ) : null}
      {step === 1 ? (
        <div className="wizard-panel">
          <h2>2. Connections</h2>
          {template.connectors.length === 0 ? <p className="muted">The template calls no external system: nothing to connect.</p> : null}
          {template.sandboxSettings && Object.keys(template.sandboxSettings).length > 0 ? <SandboxAddresses settings={template.sandboxSettings} entries={entries} onChange={edit} /> : null}
          {credentials.isPending ? <LoadingState label="Loading the workspace's credentials…" /> : null}
          {credentials.isError ? <ErrorState title="The credentials could not be loaded" error={credentials.error} onRetry={() => void credentials.refetch()} /> : null}
          {template.connectors.map((connector) => {
            const usable = (credentials.data ?? []).filter((credential) => connector.credentialTypes.includes(credential.type));
            const settings = params.filter((param) => owners.get(param.name) === connector.key);
            const error = errors[`credentials.${connector.key}`];
            return (
              <fieldset key={connector.key} className="connector-choice">
                <legend>{connector.system}</legend>
                <p className="muted small">{connector.description}</p>
                <label className="wizard-field">
                  {connector.system} credential
                  <select
                    value={chosen[connector.key] ?? ''}
                    aria-invalid={error ? true : undefined}
                    onChange={(event) => (setTouched(true), setChosen({ ...chosen, [connector.key]: event.target.value }))}
                  >
                    <option value="">{usable.length === 0 ? 'None of this type yet' : 'Choose…'}</option>
                    {usable.map((credential) => (
                      <option key={credential.id} value={credential.name}>
                        {credential.name}
                      </option>
                    ))}
                  </select>
                </label>
                {error ? <p className="error small">{error}</p> : null}
                {creatingFor === connector.key ? (
                  <CreateCredentialForm
                    tenantId={tenantId}
                    types={connector.credentialTypes as CredentialType[]}
                    system={connector.system}
                    onCancel={() => setCreatingFor(null)}
                    onCreated={(credential) => {
                      setChosen({ ...chosen, [connector.key]: credential.name });
                      setCreatingFor(null);
                    }}
                  />
                ) : (
                  <button type="button" className="button small" onClick={() => setCreatingFor(connector.key)}>
                    Create credential
                  </button>
                )}
                {settings.length > 0 ? <ParamForm params={settings} entries={entries} errors={paramErrors} onChange={edit} /> : null}
              </fieldset>
            );
          })}
          <WizardActions onBack={() => setStep(0)} onNext={next} />
        </div>
      ) : null}
      {step === 2 ? (
        <div className="wizard-panel">
          <h2>3. Create and test</h2>
          {created === null ? (
            <>
              <p>
                Creates the workflow <strong>{name.trim()}</strong> as a draft in this workspace. Nothing runs until you test it, and it goes live only after sign-off.
              </p>
              <div className="wizard-actions">
                <button type="button" className="button" onClick={() => setStep(1)} disabled={creating}>
                  Back
                </button>
                <button type="button" className="button primary" onClick={() => void create()} disabled={creating}>
                  {creating ? 'Creating…' : 'Create workflow'}
                </button>
              </div>
            </>
          ) : (
            <>
              <p role="status">
                Created <strong>{name.trim()}</strong> as a draft. Try it with a sample input, then open it in the editor to review and submit it for sign-off.
              </p>
              <WizardTestRun tenantId={tenantId} workflowId={created} samples={template.samples} stepNames={stepNames} />
              <div className="wizard-actions">
                <button type="button" className="button primary" onClick={() => void navigate(`/t/${tenantId}/workflows/${created}`)}>
                  Open in editor
                </button>
              </div>
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}

/**
 * Use template: a wizard that names the new workflow, fills the template's parameters (a form made
 * from its schema), binds a credential per connection (or creates one), creates the draft, runs a
 * test with a sample input and opens the draft in the editor.
 */
export function UseTemplatePage() {
  const { tenant } = useWorkspace();
  const { slug = '' } = useParams();
  const template = useTemplate(tenant.id, slug);
  if (template.isPending) return <LoadingState label="Loading the template…" />;
  if (template.isError) return <ErrorState title="The template could not be loaded" error={template.error} onRetry={() => void template.refetch()} />;
  return <Wizard tenantId={tenant.id} template={template.data} />;
}
