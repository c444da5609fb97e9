import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (a minute or more each on the 2-core CI machines), longest first.
 * Vitest orders files it has no timings for by size, and a fresh clone has none: these small but
 * long files then started last and left one worker running alone for minutes at the end. The crash
 * test is not among them: its SIGTERM scenario needs a run still under way when the signal lands,
 * and beside the static checks' compilers it has found every run already settled.
 */
const SLOW_FILES = [
  'test/quality/static-checks.test.ts',
  'test/server/cli/flowgate-cli.test.ts',
  'test/e2e/governance.test.ts',
  'test/e2e/administration.test.ts',
  'test/e2e/designer.test.ts',
  'test/e2e/editor-usability.test.ts',
  'test/server/adversarial-api.test.ts',
  'test/server/cli/multi-process.test.ts',
];

/** Vitest's order (projects together, failed and slow files first when it knows them), with {@link SLOW_FILES} first in each project. */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const projectPosition = new Map<string, number>();
    sorted.forEach((spec, index) => {
      if (!projectPosition.has(spec.project.name)) projectPosition.set(spec.project.name, index);
    });
    const rank = (spec: TestSpecification) => {
      const at = SLOW_FILES.indexOf(relative(spec.project.config.root, spec.moduleId));
      return at === -1 ? SLOW_FILES.length : at;
    };
    return sorted
      .map((spec, index) => ({ spec, index, project: projectPosition.get(spec.project.name) ?? 0, rank: rank(spec) }))
      .sort((a, b) => a.project - b.project || a.rank - b.rank || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
