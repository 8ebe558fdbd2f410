import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../reference-impl/config.ts';

describe('readConfig', () => {
  it('gives the embedded defaults on an empty environment', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ aiMode: 'mock', latencyProfile: 'seed', timeScale: 1, maxBase64Chars: 700_000, maxBatchImages: 20, poolSize: 5 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads typed values', () => {
    expect(readConfig({ TIME_SCALE: '0.05', MAX_BATCH_IMAGES: '40', LATENCY_PROFILE: 'zero' })).toMatchObject({ timeScale: 0.05, maxBatchImages: 40, latencyProfile: 'zero' });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty" is not a number/],
    [{ PORT: '70000' }, /PORT="70000" is not an integer from 0 to 65535/],
    [{ TIME_SCALE: '-1' }, /TIME_SCALE="-1" is not a number >= 0/],
    [{ AI_MODE: 'magic' }, /AI_MODE="magic" is not one of mock, openai, replay/],
    [{ POOL_SIZE: '2.5' }, /POOL_SIZE="2.5" is not an integer/],
    [{ UPLOAD_URL: 'ftp://x' }, /UPLOAD_URL="ftp:\/\/x" is not an http\(s\) URL/],
    [{ AI_MODE: 'openai' }, /OPENAI_API_KEY/],
    [{ AI_RECORD: 'run1' }, /AI_RECORD="run1" is not set only with AI_MODE=openai/],
    [{ AI_MODE: 'replay' }, /RECORDING="" is not set \(AI_MODE=replay needs RECORDING/],
    [{ AI_MODE: 'replay', RECORDING: '../etc' }, /RECORDING="..\/etc" is not a name of 1-64 letters/],
    [{ OPTIMIZED_DEFAULTS: 'parallel,warp' }, /OPTIMIZED_DEFAULTS="parallel,warp" is not a list of parallel, cache/],
    [{ OPTIMIZED_DEFAULTS: 'pool,chunk' }, /OPTIMIZED_DEFAULTS="pool,chunk" is not a list without both pool and chunk/],
    [{ MAX_PENDING_IMAGES: '0' }, /MAX_PENDING_IMAGES="0" is not an integer from 1/],
    [{ AI_MAX_CONCURRENCY: '0' }, /AI_MAX_CONCURRENCY="0" is not an integer from 1/],
  ])('fails on %j naming the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });
});
