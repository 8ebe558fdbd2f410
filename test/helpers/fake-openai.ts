import { forkReady, stopChild } from '../../harness/server-process.ts';

export interface FakeOpenAi {
  /** The OpenAI-compatible base URL (`.../v1`). */
  baseUrl: string;
  stats(): Promise<{ calls: number; byBehaviour: Record<string, number>; maxInFlight: number; unauthorized: number; retries: number }>;
  stop(): Promise<void>;
}

/** Starts test/helpers/fake-openai-server.ts as its own process on 127.0.0.1. */
export async function startFakeOpenAi(key = 'test-key'): Promise<FakeOpenAi> {
  const { child, message } = await forkReady<{ type?: string; port: number }>('test/helpers/fake-openai-server.ts', { FAKE_OPENAI_KEY: key }, 'listening');
  const origin = `http://127.0.0.1:${message.port}`;
  return {
    baseUrl: `${origin}/v1`,
    stats: async () => (await fetch(`${origin}/__stats`)).json() as ReturnType<FakeOpenAi['stats']>,
    stop: async () => {
      await stopChild(child);
    },
  };
}
