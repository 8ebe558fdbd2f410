import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { ResolvedServerOptions } from '../options.ts';
import { decodeImage } from '../pipeline/image-check.ts';
import type { Submission } from '../pipeline/job-dispatcher.ts';
import { isIanaTimeZone } from '../pipeline/local-date.ts';
import { isPath, PATH_DEFAULTS, resolveToggles } from '../pipeline/toggles.ts';

const USER_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;
const MAX_SALT_CHARS = 128;

const commonFields = {
  path: z.string(),
  optimizations: z.array(z.string()).optional(),
  timezone: z.string(),
  userId: z.string(),
  sendNotification: z.boolean().optional(),
};

const imageSchema = z.object({
  ...commonFields,
  base64Image: z.string(),
  comment: z.string().max(2000).optional(),
  lists: z.array(z.string().max(200)).max(50).optional(),
  visibility: z.enum(['public', 'private']).optional(),
});

const batchSchema = z.object({
  ...commonFields,
  images: z.array(z.object({ base64Image: z.string(), tempId: z.string().max(128).optional() })),
});

/** Shape and type errors, naming the first field that is wrong. */
function parseShape<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('invalid_request', 'the request body must be a JSON object');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : '(body)';
  const missing = issue?.code === 'invalid_type' && (body as Record<string, unknown>)[String(issue.path[0])] === undefined;
  throw new AppError('invalid_request', missing && issue?.path.length === 1 ? `${field} is required` : `${field}: ${issue?.message}`);
}

/** The checks both endpoints share, in the order a client can fix them. */
function parseCommon(body: z.infer<typeof batchSchema> | z.infer<typeof imageSchema>, options: ResolvedServerOptions, salt: string | undefined) {
  if (!isPath(body.path)) throw new AppError('unknown_path', `path ${JSON.stringify(body.path)} is not one of workflow, direct, optimized`);
  const { optimizations, toggles } = resolveToggles(body.path, body.optimizations, { ...PATH_DEFAULTS, optimized: options.optimizedDefaults });
  if (!USER_ID.test(body.userId)) throw new AppError('invalid_request', 'userId must be 1-128 letters, digits or _ . : @ -');
  if (!isIanaTimeZone(body.timezone)) throw new AppError('invalid_timezone', `timezone ${JSON.stringify(body.timezone)} is not an IANA time zone`);
  if (salt !== undefined && salt.length > MAX_SALT_CHARS) throw new AppError('invalid_request', `x-latency-salt is longer than ${MAX_SALT_CHARS} characters`);
  return {
    path: body.path,
    optimizations,
    toggles,
    userId: body.userId,
    timezone: body.timezone,
    sendNotification: body.sendNotification ?? true,
    ...(salt ? { salt } : {}),
  };
}

/** A `POST /api/events/from-image` body as a submission, or the client's error. Decodes the image. */
export function parseImageRequest(body: unknown, options: ResolvedServerOptions, salt?: string): Submission {
  const parsed = parseShape(imageSchema, body);
  const common = parseCommon(parsed, options, salt);
  const image = decodeImage(parsed.base64Image, options.maxBase64Chars);
  return {
    ...common,
    images: [image],
    ...(parsed.comment === undefined ? {} : { comment: parsed.comment }),
    ...(parsed.lists === undefined ? {} : { lists: parsed.lists }),
    ...(parsed.visibility === undefined ? {} : { visibility: parsed.visibility }),
  };
}

/** A `POST /api/events/batch` body as a submission; every image is checked before anything is stored. */
export function parseBatchRequest(body: unknown, options: ResolvedServerOptions, salt?: string): Submission {
  const parsed = parseShape(batchSchema, body);
  const common = parseCommon(parsed, options, salt);
  if (parsed.images.length === 0) throw new AppError('empty_batch');
  if (parsed.images.length > options.maxBatchImages) {
    throw new AppError('too_many_images', `the batch has ${parsed.images.length} images; the limit is ${options.maxBatchImages}`);
  }
  const images = parsed.images.map((image, i) => decodeImage(image.base64Image, options.maxBase64Chars, `images[${i}].base64Image`));
  return { ...common, images };
}
