// Drives mhds serve's web pages in Debian's headless Chromium: a person signs in with a password
// and a TOTP code computed here from their secret, uploads the sample IDB, waits for the DQ
// report, opens it and finds the findings table; then a person of another organisation asks for
// the same pages and is told 404, asks on the access page for access to their own organisation's
// Talking Therapies data, and that organisation's SIRO approves it on theirs. Started by
// browser_test.sh, which sets the environment below.
import { chromium } from 'playwright-core';

import { check, env, totp as totpAt } from './browser_common.mjs';

const base = env('MHDS_URL');
const clockOffset = Number(env('MHDS_CLOCK_OFFSET'));
const totp = (secret) => totpAt(secret, clockOffset);

async function signIn(page, username, password, secret) {
  await page.goto(`${base}/sign-in`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.fill('#code', totp(secret));
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
}

const browser = await chromium.launch({
  executablePath: process.env.MHDS_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  // The submitter of RX1.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, env('MHDS_USER'), env('MHDS_PASSWORD'), env('MHDS_SECRET'));
  check((await page.title()).length > 0 && (await page.locator('a[href="/orgs/RX1/mhsds"]').count()) === 1,
        'signed in; the home page links to RX1 mhsds');

  await page.click('a[href="/orgs/RX1/mhsds"]');
  await page.selectOption('#period', env('MHDS_PERIOD'));
  await page.setInputFiles('#file', env('MHDS_IDB'));
  await Promise.all([
    page.waitForURL(/\/orgs\/RX1\/mhsds\/submissions\/\d+$/),
    page.click('form[enctype="multipart/form-data"] button[type=submit]'),
  ]);
  const submissionUrl = page.url();
  check(true, `uploaded: ${submissionUrl.slice(base.length)}`);

  // The page refreshes itself until the report is ready; reload it here rather than wait for
  // the Refresh header. No deadline: ctest's own timeout bounds the test.
  const reportLink = page.locator('a[href$="/files/report.html"]');
  while ((await reportLink.count()) === 0) {
    await page.waitForTimeout(500);
    await page.goto(submissionUrl);
  }
  const status = await page.locator('body').innerText();
  check(/accepted|rejected/.test(status), 'the submission page shows the outcome');

  await reportLink.click();
  await page.waitForURL(/\/files\/report\.html$/);
  const reportUrl = page.url();
  const heading = page.locator('h2', { hasText: 'Findings by rule' });
  check((await heading.count()) === 1, 'the report has its findings section');
  const groups = page.locator('details');
  const groupCount = await groups.count();
  check(groupCount > 0, `the report lists ${groupCount} rule codes with findings`);
  const headers = await page.locator('details table').first().locator('thead th').allInnerTexts();
  check(JSON.stringify(headers) === JSON.stringify(['Row', 'Keys', 'Item', 'Value', 'Message', 'Caused by']),
        'the findings table has its columns');
  const code = (await groups.first().locator('summary code').innerText()).trim();
  check(/^[A-Z]{3}\d+/.test(code), `the first group names a rule code (${code})`);
  const rows = await page.locator('details table').first().locator('tbody tr').count();
  check(rows > 0, `its table has ${rows} finding rows`);
  await context.close();

  // A person of another organisation: every page of RX1's submission is 404, and says nothing.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, env('MHDS_OTHER_USER'), env('MHDS_OTHER_PASSWORD'), env('MHDS_OTHER_SECRET'));
  check((await other.locator('a[href="/orgs/RX1/mhsds"]').count()) === 0,
        "the other organisation's home page does not link to RX1");
  for (const url of [`${base}/orgs/RX1/mhsds`, submissionUrl, reportUrl]) {
    const response = await other.goto(url);
    const text = await other.locator('body').innerText();
    check(response.status() === 404 && !text.includes('Findings by rule') && !text.includes('RX1 mhsds'),
          `the other organisation gets 404 on ${url.slice(base.length)}`);
  }

  // Olu asks for access; RY2's SIRO approves it on the organisation's access page.
  await other.goto(`${base}/access`);
  await other.selectOption('#org', 'RY2');
  await other.selectOption('#dataset', 'iapt');
  await other.selectOption('#role', 'viewer');
  await other.fill('#purpose', 'Talking Therapies data quality review');
  // The form posts to the page it is on, so wait for the navigation itself, not for the URL.
  await Promise.all([other.waitForNavigation(), other.click('form[action="/access"] button')]);
  check((await other.locator('td.status', { hasText: 'pending' }).count()) === 1,
        'the access request is pending on the access page');
  const siroContext = await browser.newContext();
  const siro = await siroContext.newPage();
  await signIn(siro, env('MHDS_SIRO_USER'), env('MHDS_SIRO_PASSWORD'), env('MHDS_SIRO_SECRET'));
  await siro.goto(`${base}/access`);
  await siro.click('a[href="/access/orgs/RY2"]');
  const request = siro.locator('tr', { hasText: 'Talking Therapies data quality review' });
  check((await request.count()) === 1, "the SIRO sees the request and its purpose");
  await Promise.all([siro.waitForNavigation(),
                     request.locator('button[value=approve]').click()]);
  check((await siro.locator('td.status', { hasText: 'approved' }).count()) === 1,
        'the SIRO approved it');
  await siroContext.close();
  await other.goto(`${base}/`);
  check((await other.locator('a[href="/orgs/RY2/iapt"]').count()) === 1,
        'the approved access appears on the home page');
  await otherContext.close();
} finally {
  await browser.close();
}
console.log('browser scenario: ok');
