/**
 * Why an accepted image ended without an event. Every failed job carries one of these, so
 * failures are counted by reason and nothing accepted ends without one.
 */
export const FAILURE_REASONS = [
  'start_date_unknown',
  'name_too_short',
  'invalid_date',
  'ai_bad_output',
  'ai_rate_limited',
  'ai_unavailable',
  'ai_timeout',
  'upload_failed',
  'store_unavailable',
  'interrupted',
  'internal',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** A failure of one image, thrown inside the pipeline and recorded on its job. */
export class PipelineFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'PipelineFailure';
  }
}

/** Any thrown value as a recorded failure; unknown errors become `internal` without a stack. */
export function toFailure(error: unknown): PipelineFailure {
  if (error instanceof PipelineFailure) return error;
  if (error instanceof Error && (error as { reason?: unknown }).reason === 'store_unavailable') {
    return new PipelineFailure('store_unavailable', error.message, true);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PipelineFailure('internal', message);
}
