import type { Activation, WorkflowVersion } from '../../app/api-types.js';
import type { CompareSide } from '../model/compare-sides.js';
import { STATE_LABELS, versionState } from '../model/version-states.js';

/** "Version 3 (pending)". */
function optionText(version: WorkflowVersion, activations: readonly Activation[]): string {
  return `Version ${version.version} (${STATE_LABELS[versionState(version, activations)].toLowerCase()})`;
}

/** The two sides of a comparison as two choices: any version, or nothing (from) and the draft (to). */
export function SidePicker({
  versions,
  activations,
  from,
  to,
  onChange,
}: {
  versions: readonly WorkflowVersion[];
  activations: readonly Activation[];
  from: CompareSide;
  to: CompareSide;
  onChange: (sides: { from: CompareSide; to: CompareSide }) => void;
}) {
  const read = (value: string): CompareSide => (value === 'draft' || value === 'none' ? value : Number(value));
  return (
    <div className="side-picker">
      <label>
        From{' '}
        <select value={String(from)} onChange={(event) => onChange({ from: read(event.target.value), to })}>
          {versions.map((version) => (
            <option key={version.version} value={version.version}>
              {optionText(version, activations)}
            </option>
          ))}
          <option value="none">Nothing (an empty workflow)</option>
        </select>
      </label>
      <label>
        To{' '}
        <select value={String(to)} onChange={(event) => onChange({ from, to: read(event.target.value) })}>
          <option value="draft">Draft</option>
          {versions.map((version) => (
            <option key={version.version} value={version.version}>
              {optionText(version, activations)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
