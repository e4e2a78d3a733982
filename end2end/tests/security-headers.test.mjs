// The Content Security Policy seen from a real browser: pages hydrate and the service
// worker registers under it, and an injected inline script is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, ADMIN } from '../support/browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Open `path` and collect every CSP violation the page reports. */
async function openWatching(path) {
  const page = await browser.newPage();
  const violations = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const response = await page.goto(`${BASE_URL}${path}`);
  return { page, response, violations };
}

test('storefront pages hydrate and register the service worker under the CSP', async () => {
  await browser.clearCookies();
  const { page, response, violations } = await openWatching('/customer/account/create');
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /script-src 'self' 'nonce-[^']+' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/);
  await hydrated(page);
  assert.equal(await page.evaluate(() => document.body.dataset.hydrated), 'true');
  // Hydrated: the router draws the sign-in page in the browser, and its form sends
  // through the app's own server call and shows its answer.
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign In' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account/login`);
  await page.locator('#login-email').fill('nobody.csp@example.com');
  await page.locator('#login-password').fill('Not-The-Password-1');
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.getByText('Invalid login or password.').waitFor();
  const registered = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.scriptURL ?? '';
  });
  assert.ok(registered.endsWith('/sw.js'), registered);
  // A script injected into the page (as an XSS would) does not run.
  const ran = await page.evaluate(async () => {
    window.__injected = false;
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true;';
    document.body.appendChild(s);
    await new Promise((r) => setTimeout(r, 100));
    return window.__injected;
  });
  assert.equal(ran, false);
  const reported = await page.evaluate(() => window.__violations);
  assert.equal(reported.length, 1, JSON.stringify(reported));
  assert.match(reported[0], /^script-src/);
  assert.equal(violations.length, 1, violations.join('\n'));
  await page.close();
});

test('the admin hydrates under its CSP and cannot be framed', async () => {
  await browser.clearCookies();
  const page = await browser.newPage();
  const violations = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signIn(page, ADMIN);
  await page.getByRole('button', { name: 'Sign Out' }).waitFor();
  await page.goto(`${BASE_URL}/admin/customers`);
  await hydrated(page);
  await page.getByText('records found').first().waitFor();
  assert.deepEqual(violations, []);
  const response = await page.goto(`${BASE_URL}/admin`);
  assert.match(response.headers()['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(response.headers()['x-frame-options'], 'DENY');
  assert.equal(response.headers()['cache-control'], 'no-store');
  await page.close();
});
