/** Small HTTP helpers for tests that talk to server processes by URL. */

export async function postImage(url: string, body: Record<string, unknown>): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${url}/api/events/from-image`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** Polls a job until it is succeeded or failed. */
export async function waitForJob(url: string, jobId: string, timeoutMs = 30_000): Promise<any> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/api/jobs/${jobId}`);
    if (res.ok) {
      const job = (await res.json()) as { status: string };
      if (job.status === 'succeeded' || job.status === 'failed') return job;
    }
    if (performance.now() > deadline) throw new Error(`job ${jobId} did not end within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until `check` is true. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
