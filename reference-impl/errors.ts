/**
 * Every error the server answers with, by code. Each has an HTTP status and a message; one
 * function (`toErrorResponse`) maps anything thrown to `{ error: { code, message } }`.
 */
export const ERRORS = {
  invalid_json: { status: 400, message: 'the request body is not valid JSON' },
  unsupported_media_type: { status: 415, message: 'the request body must be application/json' },
  payload_too_large: { status: 413, message: 'the request body is larger than the server accepts' },
  invalid_request: { status: 400, message: 'the request is missing a field or has one of the wrong type' },
  unknown_path: { status: 400, message: 'path must be one of workflow, direct, optimized' },
  unknown_optimization: { status: 400, message: 'an optimization is not one of the known toggles' },
  conflicting_optimizations: { status: 400, message: 'pool and chunk cannot both be asked for' },
  invalid_timezone: { status: 400, message: 'timezone is not an IANA time zone' },
  invalid_base64: { status: 400, message: 'base64Image is not valid base64' },
  image_too_large: { status: 413, message: 'the image is larger than the limit' },
  unsupported_image_type: { status: 415, message: 'the image is not a WEBP, PNG or JPEG' },
  empty_batch: { status: 400, message: 'a batch needs at least one image' },
  too_many_images: { status: 400, message: 'the batch has more images than the limit' },
  job_not_found: { status: 404, message: 'no job has that id' },
  batch_not_found: { status: 404, message: 'no batch has that id' },
  not_found: { status: 404, message: 'no such route' },
  service_unavailable: { status: 503, message: 'a backing service is unavailable; retry later' },
  overloaded: { status: 503, message: 'the server has as many images in flight as it accepts; retry later' },
  internal: { status: 500, message: 'internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error meant for the client: its code picks the status; the message may add detail. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string = ERRORS[code].message,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERRORS[code].status;
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}

/** Body-parser errors carry a `type`; these are the ones a client can cause. */
function fromBodyParser(error: { type?: unknown; status?: unknown }): AppError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('invalid_json');
    case 'entity.too.large':
      return new AppError('payload_too_large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'the request body must be UTF-8 JSON');
    default:
      return undefined;
  }
}

/** A shared store that did not answer (see `redis/redis-clients.ts`): the client may retry. */
export function isStoreOutage(error: unknown): boolean {
  return error instanceof Error && (error as { reason?: unknown }).reason === 'store_unavailable';
}

/** Maps anything thrown while serving a request to a status and a body without a stack trace. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const known =
    error instanceof AppError
      ? error
      : isStoreOutage(error)
        ? new AppError('service_unavailable', ERRORS.service_unavailable.message, { 'retry-after': '1' })
        : typeof error === 'object' && error !== null
          ? fromBodyParser(error as { type?: unknown })
          : undefined;
  const appError = known ?? new AppError('internal');
  return {
    status: appError.status,
    body: { error: { code: appError.code, message: appError.message } },
    headers: { ...appError.headers },
  };
}
