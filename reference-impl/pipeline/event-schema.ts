import { z } from 'zod';

/**
 * The two answers the model gives per image, as zod schemas. The same schemas produce the
 * JSON schemas sent as `response_format`, so what is asked for and what is checked never drift.
 */
export const extractedEventSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    /** YYYY-MM-DD, or what the model wrote when the flyer gives no date (checked later). */
    startDate: z.string(),
    /** HH:MM:SS, or "" when the flyer gives no time. */
    startTime: z.string(),
    endDate: z.string(),
    endTime: z.string(),
    timeZone: z.string(),
    location: z.string(),
  })
  .strict();
export type ExtractedEvent = z.infer<typeof extractedEventSchema>;

export const AGE_RESTRICTIONS = ['all-ages', '18+', '21+', 'unknown'] as const;
export const PRICE_TYPES = ['donation', 'free', 'notaflof', 'paid', 'unknown'] as const;

export const eventMetadataSchema = z
  .object({
    accessibility: z.array(z.string()),
    accessibilityNotes: z.string(),
    ageRestriction: z.enum(AGE_RESTRICTIONS),
    category: z.string(),
    mentions: z.array(z.string()),
    performers: z.array(z.string()),
    priceMin: z.number().nullable(),
    priceMax: z.number().nullable(),
    priceType: z.enum(PRICE_TYPES),
    source: z.string(),
    type: z.string(),
  })
  .strict();
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/** What extraction yields for one image: the only thing the AI cache ever holds. */
export interface Extraction {
  event: ExtractedEvent;
  metadata: EventMetadata;
}

/** JSON schemas for the `response_format` of the two calls (strict: every field required). */
export const EVENT_JSON_SCHEMA = z.toJSONSchema(extractedEventSchema, { target: 'draft-7' });
export const METADATA_JSON_SCHEMA = z.toJSONSchema(eventMetadataSchema, { target: 'draft-7' });
