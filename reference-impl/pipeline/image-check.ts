import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';

export const IMAGE_MIME_TYPES = ['image/webp', 'image/png', 'image/jpeg'] as const;
export type ImageMime = (typeof IMAGE_MIME_TYPES)[number];

/** An accepted image: its base64 as sent (no data-URL prefix), its bytes and their hash. */
export interface DecodedImage {
  base64: string;
  bytes: Buffer;
  mime: ImageMime;
  sha256: string;
}

const DATA_URL = /^data:image\/[a-z+.-]+;base64,/i;

/**
 * Strict base64, checked without a regular expression over the whole string (which costs more
 * than decoding and hashing together on a large image): Node's decoder skips characters it does
 * not know and stops at '=', so anything foreign or misplaced decodes to fewer bytes than the
 * length promises; only the URL-safe alphabet ('-', '_') decodes in full and is looked for.
 */
function strictlyDecode(base64: string): Buffer | undefined {
  if (base64.length === 0 || base64.length % 4 !== 0) return undefined;
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  if (base64.includes('-') || base64.includes('_')) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  return bytes.length === (base64.length / 4) * 3 - padding ? bytes : undefined;
}

/** The image type from its first bytes, or undefined when it is none of the accepted ones. Pure. */
export function sniffImageType(bytes: Uint8Array): ImageMime | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47 &&
    bytes[4] === 0x0d && bytes[5] === 0x0a && bytes[6] === 0x1a && bytes[7] === 0x0a) {
    return 'image/png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' &&
    String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') {
    return 'image/webp';
  }
  return undefined;
}

/**
 * Checks one base64 image in the order that costs least first: size, alphabet, type.
 * Throws the client's error (413, 400, 415); returns the decoded image otherwise.
 */
export function decodeImage(input: string, maxBase64Chars: number, field = 'base64Image'): DecodedImage {
  const base64 = input.replace(DATA_URL, '');
  if (base64.length > maxBase64Chars) {
    throw new AppError('image_too_large', `${field} has ${base64.length} base64 characters; the limit is ${maxBase64Chars}`);
  }
  const bytes = strictlyDecode(base64);
  if (!bytes) {
    throw new AppError('invalid_base64', `${field} is not valid base64`);
  }
  const mime = sniffImageType(bytes);
  if (!mime) {
    throw new AppError('unsupported_image_type', `${field} is not a WEBP, PNG or JPEG image`);
  }
  return { base64, bytes, mime, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** An accepted image as it travels through queues and journals: JSON-safe, no buffer. */
export type ImagePayload = Omit<DecodedImage, 'bytes'>;

export function toPayload(image: DecodedImage): ImagePayload {
  return { base64: image.base64, mime: image.mime, sha256: image.sha256 };
}

/** Back to bytes, for the steps that need them (upload); the image was checked on the way in. */
export function fromPayload(payload: ImagePayload): DecodedImage {
  return { ...payload, bytes: Buffer.from(payload.base64, 'base64') };
}
