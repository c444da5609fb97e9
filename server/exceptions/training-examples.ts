import { randomBytes } from 'node:crypto';
import { NodeExecutionError, type TenantTextClassifier } from '../../runtime/definition/index.js';
import type { SqlDatabase, SqlValue } from '../../runtime/store/index.js';
import { DomainError } from '../domain/domain-error.js';
import { isoTime } from '../domain/iso-time.js';
import type { ExampleSource, ExceptionRecord } from './exception-model.js';
import { exceptionText, trainLocalClassifier, type LocalClassifier } from './local-classifier.js';

/** A labelled text the workspace's local classifier learns from. */
export interface ClassifierExample {
  readonly id: string;
  readonly text: string;
  readonly category: string;
  readonly source: ExampleSource;
  readonly createdAt: string;
}

interface ExampleRow {
  id: string;
  text: string;
  category: string;
  source: ExampleSource;
  created_at: number;
}

/**
 * The text the classifier reads for a recorded exception ({@link exceptionText}): its source is the
 * system its facts name (`context.source`, as the labelled examples have it) or else where it came
 * from (a workflow, a failed run, a person); facts without a value are left out.
 */
export function recordText(exception: ExceptionRecord): string {
  const context: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(exception.context)) if (value !== null) context[key] = value;
  const source = typeof context.source === 'string' ? context.source : exception.origin;
  return exceptionText({ title: exception.title, details: exception.details, source, subject: { type: exception.subject?.type ?? 'none' }, context });
}

/** Which examples a page holds: of one category or source, after an example (its time and id), how many. */
export interface ExampleFilter {
  readonly category?: string;
  readonly source?: ExampleSource;
  readonly after?: { readonly createdAt: number; readonly id: string };
  readonly limit: number;
}

function toExample(row: ExampleRow): ClassifierExample {
  return { id: row.id, text: row.text, category: row.category, source: row.source, createdAt: isoTime(row.created_at) };
}

/** A tenant's classifier, or why there is none yet. */
type Trained = { readonly classifier: LocalClassifier } | { readonly untrained: NodeExecutionError };

/**
 * The labelled examples of each workspace and the local classifier trained on them. A tenant's
 * classifier is trained on its first use (milliseconds for hundreds of examples) and kept until
 * its examples change; the failure to train is kept the same way.
 */
export class TrainingExamples {
  private readonly trained = new Map<string, Trained>();

  constructor(
    private readonly sql: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds an example; the tenant's classifier is trained again on its next use. */
  async add(tenantId: string, text: string, category: string, source: ExampleSource): Promise<ClassifierExample> {
    const id = randomBytes(12).toString('base64url');
    const now = this.now();
    await this.sql.run('INSERT INTO classifier_examples (id, tenant_id, text, category, source, created_at) VALUES (?, ?, ?, ?, ?, ?)', [id, tenantId, text, category, source, now]);
    this.trained.delete(tenantId);
    return { id, text, category, source, createdAt: isoTime(now) };
  }

  /** A page of the tenant's examples, oldest first, of one category or source if asked, after the example `after` names. */
  async page(tenantId: string, filter: ExampleFilter): Promise<ClassifierExample[]> {
    const where = ['tenant_id = ?'];
    const values: SqlValue[] = [tenantId];
    if (filter.category !== undefined) {
      where.push('category = ?');
      values.push(filter.category);
    }
    if (filter.source !== undefined) {
      where.push('source = ?');
      values.push(filter.source);
    }
    if (filter.after !== undefined) {
      where.push('(created_at > ? OR (created_at = ? AND id > ?))');
      values.push(filter.after.createdAt, filter.after.createdAt, filter.after.id);
    }
    const rows = await this.sql.all<ExampleRow>(`SELECT id, text, category, source, created_at FROM classifier_examples WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT ?`, [...values, filter.limit]);
    return rows.map(toExample);
  }

  /** The tenant's examples, oldest first. */
  async list(tenantId: string): Promise<ClassifierExample[]> {
    const rows = await this.sql.all<ExampleRow>('SELECT id, text, category, source, created_at FROM classifier_examples WHERE tenant_id = ? ORDER BY created_at, id', [tenantId]);
    return rows.map(toExample);
  }

  /**
   * Classifies `text` with the tenant's classifier. Throws a `NodeExecutionError` coded
   * `CLASSIFIER_UNTRAINED` when its examples are too few to train one.
   */
  async classify(tenantId: string, text: string): Promise<{ category: string; confidence: number }> {
    let trained = this.trained.get(tenantId);
    if (trained === undefined) {
      trained = await this.train(tenantId);
      this.trained.set(tenantId, trained);
    }
    if ('untrained' in trained) throw trained.untrained;
    const { category, confidence } = trained.classifier.classify(text);
    return { category, confidence };
  }

  /** The engine's view: classification within the run's tenant. */
  engineClassifier(): TenantTextClassifier {
    return { classify: (tenantId, text) => this.classify(tenantId, text) };
  }

  private async train(tenantId: string): Promise<Trained> {
    const examples = await this.list(tenantId);
    try {
      return { classifier: trainLocalClassifier(examples) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const categories = new Set(examples.map((example) => example.category)).size;
      const message =
        `the workspace's classifier is not trained: it has ${examples.length} example${examples.length === 1 ? '' : 's'} of ${categories} categor${categories === 1 ? 'y' : 'ies'}, ` +
        'and needs examples of at least 2 categories, with at least 10 distinct words between them. ' +
        'Add labelled examples (POST .../classifier/examples) or correct the categories of exceptions.';
      return { untrained: new NodeExecutionError(message, { code: 'CLASSIFIER_UNTRAINED', details: { examples: examples.length, categories } }) };
    }
  }
}
