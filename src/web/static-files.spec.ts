import { staticContentType } from './static-files';

describe('staticContentType', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
    ['paywall-page.css', 'text/css; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['..', null],
    ['../package.json', null],
    ['.env', null],
    ['%2e%2e', null],
    ['app.ts', null],
    ['App.js', null],
    ['a/b.js', null],
    ['a\\b.js', null],
    ['', null],
  ])('%s → %s', (file, expected) => {
    expect(staticContentType(file)).toBe(expected);
  });
});
