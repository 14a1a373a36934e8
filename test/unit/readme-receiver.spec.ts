import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { signPayload } from '../../src/events/domain/signature';

type Verify = (rawBody: Buffer | string, header: string, secret: string, toleranceSeconds?: number) => boolean;

/** The README's receiver, the code block after `<!-- receiver -->`, run as a reader would paste it. */
function readmeReceiver(): Verify {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  const block = /<!-- receiver -->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README has no receiver block');
  return runInNewContext(`${block[1]}\nverifyTollgate`, { require, Buffer, Date, Math, Number }) as Verify;
}

describe("the README's receiver", () => {
  const verify = readmeReceiver();
  const secret = 'tgwhsec_' + 'ab'.repeat(32);
  const body = Buffer.from('{"id":"evt_1","type":"grant.created","createdAt":"2026-12-06T00:00:00.000Z","data":{"userId":"u1"}}');
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a delivery signed as Tollgate signs it, as a Buffer or a string', () => {
    const header = signPayload(secret, body, now());
    expect(verify(body, header, secret)).toBe(true);
    expect(verify(body.toString('utf8'), header, secret)).toBe(true);
  });

  it.each([
    ['a changed body', () => [Buffer.from(body.toString().replace('u1', 'u2')), signPayload(secret, body, now()), secret]],
    ['another secret', () => [body, signPayload('tgwhsec_other', body, now()), secret]],
    ['an old timestamp', () => [body, signPayload(secret, body, now() - 301), secret]],
    ['a changed timestamp', () => [body, signPayload(secret, body, now()).replace(/^t=(\d+)/, (_m, t: string) => `t=${Number(t) - 1}`), secret]],
    ['no signature', () => [body, `t=${now()}`, secret]],
    ['garbage', () => [body, 'nonsense', secret]],
    ['a short v1', () => [body, `t=${now()},v1=abcd`, secret]],
  ] as [string, () => [Buffer, string, string]][])('refuses %s', (_name, make) => {
    const [b, header, s] = make();
    expect(verify(b, header, s)).toBe(false);
  });
});
