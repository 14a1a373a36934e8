import { startBrowserHarness } from '../support/browser';

/** Listening servers and sockets of this process (what would keep the test run from ending). */
function openNetHandles(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((r) => r.startsWith('TCP'))
    .sort();
}

/** A closed server's handle leaves the list a moment after its close callback: give it up to 2 s to come back to `before`. */
async function netHandlesSettled(before: string[]): Promise<string[]> {
  for (let i = 0; i < 20 && openNetHandles().length > before.length; i++) await new Promise((r) => setTimeout(r, 100));
  return openNetHandles();
}

describe('the browser harness', () => {
  it('closes the app it started when the browser cannot start', async () => {
    // Compared with what was open before: with one worker, Jest runs other suites in this process too.
    const before = openNetHandles();
    const error: Error = await startBrowserHarness({ executablePath: '/nonexistent/chromium' }).then(
      () => {
        throw new Error('the harness started without a browser');
      },
      (e: Error) => e,
    );
    expect(error.message).toContain('/nonexistent/chromium');
    expect((await netHandlesSettled(before)).length).toBeLessThanOrEqual(before.length);
  });
});
