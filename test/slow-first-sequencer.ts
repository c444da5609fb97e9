import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (a minute or more each on the 2-core CI machines), longest first.
 * Vitest orders files it has no timings for by size, and a fresh clone has none: these small but
 * long files then started last and left one worker running alone for minutes at the end.
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

/**
 * Long files that must not run beside the static checks' compilers: the crash test's SIGTERM
 * scenario needs a run still under way when the signal lands, and there it has found every run
 * already settled. They follow {@link SLOW_FILES}, which outlast the static checks on the other
 * worker, rather than trail the whole suite.
 */
const AFTER_SLOW_FILES = ['test/runtime/engine/crash-recovery.test.ts', 'test/runtime/engine/connector-crash.test.ts'];

const ORDER = [...SLOW_FILES, ...AFTER_SLOW_FILES];

/**
 * Vitest's order (failed and slow files first when it knows them), with {@link ORDER} first across
 * both projects, so the PostgreSQL project's files fill in beside the long ones instead of all
 * running before them.
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const at = ORDER.indexOf(relative(spec.project.config.root, spec.moduleId));
      return at === -1 ? ORDER.length : at;
    };
    return sorted
      .map((spec, index) => ({ spec, index, rank: rank(spec) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
