import { isPrivateHost, webhookUrlProblem } from './webhook-url';

describe('webhookUrlProblem', () => {
  it.each([
    ['https://hooks.example.com/tollgate', null],
    ['http://hooks.example.com:8080/x?y=1', null],
    ['https://93.184.216.34/hook', null],
    ['https://[2606:4700::1111]/hook', null],
    ['https://172.32.0.1/', null], // just past 172.16.0.0/12
    ['https://192.169.0.1/', null],
    ['https://100.128.0.1/', null], // just past 100.64.0.0/10
    ['https://localhost.example.com/', null],
    ['ftp://hooks.example.com/', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['hooks.example.com/no-scheme', 'malformed'],
    ['', 'malformed'],
    ['https://user:pass@hooks.example.com/', 'credentials'],
    ['http://localhost:3000/hook', 'private_host'],
    ['http://LOCALHOST./hook', 'private_host'],
    ['http://api.localhost/hook', 'private_host'],
    ['http://127.0.0.1/', 'private_host'],
    ['http://127.8.9.10/', 'private_host'],
    ['http://2130706433/', 'private_host'], // 127.0.0.1 as one number: URL normalises it
    ['http://0x7f.1/', 'private_host'],
    ['http://0.0.0.0/', 'private_host'],
    ['http://10.1.2.3/', 'private_host'],
    ['http://172.16.0.1/', 'private_host'],
    ['http://172.31.255.255/', 'private_host'],
    ['http://192.168.1.1/', 'private_host'],
    ['http://169.254.169.254/latest/meta-data', 'private_host'],
    ['http://100.64.0.1/', 'private_host'],
    ['http://[::1]/', 'private_host'],
    ['http://[::]/', 'private_host'],
    ['http://[fe80::1]/', 'private_host'],
    ['http://[fd12:3456::1]/', 'private_host'],
    ['http://[fc00::1]/', 'private_host'],
    ['http://[::ffff:127.0.0.1]/', 'private_host'],
    ['http://[::ffff:10.0.0.1]/', 'private_host'],
  ])('%s → %s', (url, expected) => {
    expect(webhookUrlProblem(url, false)).toBe(expected);
  });

  it.each(['http://localhost:3000/hook', 'http://127.0.0.1/', 'http://[::1]/', 'http://10.1.2.3/'])(
    'allows %s when private URLs are allowed',
    (url) => {
      expect(webhookUrlProblem(url, true)).toBeNull();
    },
  );

  it.each([
    ['ftp://localhost/', 'scheme'],
    ['https://a:b@127.0.0.1/', 'credentials'],
  ])('still refuses %s when private URLs are allowed', (url, expected) => {
    expect(webhookUrlProblem(url, true)).toBe(expected);
  });
});

describe('isPrivateHost', () => {
  it.each([
    ['::ffff:7f00:1', true],
    ['[::ffff:7f00:1]', true],
    ['::ffff:5db8:d822', false], // 93.184.216.34
    ['hooks.example.com', false],
    ['8.8.8.8', false],
  ])('%s → %s', (host, expected) => {
    expect(isPrivateHost(host)).toBe(expected);
  });
});
