import { createHash } from 'node:crypto';
import type { EventMetadata, ExtractedEvent } from '../pipeline/event-schema.ts';
import type { FlyerCatalog } from './flyer-catalog.ts';

/** What the mock AI was asked: which of the two calls, about which image. */
export interface MockAiQuestion {
  kind: 'event' | 'metadata';
  imageSha256: string | undefined;
  imageBase64Chars: number;
}

const DATA_URL = /^data:image\/[a-z+.-]+;base64,/i;

/** Reads the call kind and the image out of a chat-completion request body. Pure. */
export function readMockAiQuestion(body: unknown): MockAiQuestion {
  const request = body as {
    response_format?: { json_schema?: { name?: string } };
    messages?: { content?: unknown }[];
  };
  const kind = request.response_format?.json_schema?.name?.endsWith('metadata') ? 'metadata' : 'event';
  for (const message of request.messages ?? []) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content as { type?: string; image_url?: { url?: string } }[]) {
      const url = part.type === 'image_url' ? part.image_url?.url : undefined;
      if (typeof url !== 'string') continue;
      const base64 = url.replace(DATA_URL, '');
      const imageSha256 = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
      return { kind, imageSha256, imageBase64Chars: base64.length };
    }
  }
  return { kind, imageSha256: undefined, imageBase64Chars: 0 };
}

/** A plausible event for an image the catalog does not know, fixed by its hash. */
function unknownImageAnswer(sha256: string): { event: ExtractedEvent; metadata: EventMetadata } {
  const n = Number.parseInt(sha256.slice(0, 8), 16);
  const day = String(1 + (n % 28)).padStart(2, '0');
  const month = String(1 + ((n >> 5) % 12)).padStart(2, '0');
  return {
    event: {
      name: `Flyer event ${sha256.slice(0, 8)}`,
      description: 'An event read from an image that is not one of the fixtures.',
      startDate: `2027-${month}-${day}`,
      startTime: '19:00:00',
      endDate: '',
      endTime: '',
      timeZone: 'UTC',
      location: 'Unknown venue',
    },
    metadata: {
      accessibility: [],
      accessibilityNotes: '',
      ageRestriction: 'unknown',
      category: 'community',
      mentions: [],
      performers: [],
      priceMin: null,
      priceMax: null,
      priceType: 'unknown',
      source: 'flyer',
      type: 'event',
    },
  };
}

/**
 * The chat completion the mock answers: the fixture's expected event or metadata as JSON
 * content, with a token count estimated from the sizes (image tokens as a flat 258). Pure.
 */
export function mockAiCompletion(question: MockAiQuestion, catalog: FlyerCatalog, model: string): Record<string, unknown> {
  const flyer = question.imageSha256 ? catalog.bySha256(question.imageSha256) : undefined;
  const answer = flyer?.expected ?? unknownImageAnswer(question.imageSha256 ?? '0'.repeat(64));
  const content = JSON.stringify(question.kind === 'event' ? answer.event : answer.metadata);
  const completionTokens = Math.ceil(content.length / 4);
  const promptTokens = 258 + 120;
  return {
    id: `chatcmpl-mock-${(question.imageSha256 ?? 'none').slice(0, 12)}-${question.kind}`,
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content, refusal: null } }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}
