/** What a classifier makes of a text: the most probable category and its probability (0..1). */
export interface TextClassification {
  readonly category: string;
  readonly confidence: number;
}

/** Classifying text, as a node sees it: by the classifier of the run's workspace. */
export interface TextClassifier {
  classify(text: string): Promise<TextClassification>;
}

/**
 * The engine's text classifier: the embedding server answers with the classifier trained on the
 * tenant's own labelled examples. It rejects with a `NodeExecutionError` when it cannot answer
 * (code `CLASSIFIER_UNTRAINED` when the tenant has too few examples).
 */
export interface TenantTextClassifier {
  classify(tenantId: string, text: string): Promise<TextClassification>;
}
