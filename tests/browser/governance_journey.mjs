// Drives the data access governance pages of mhds serve in Debian's headless Chromium: an
// applicant opens an application, the data access team assesses it, the panel recommends it with
// a condition, the approver approves, the applicant meets the condition, the agreement is signed,
// a file is released with national data opt-outs applied, and an audit passes (phase "active");
// after the agreement has ended (the service restarted with a later clock) the team closes it out
// and the applicant certifies destruction (phase "destroyed"). An applicant of another
// organisation is told 404, and the public register lists the release without a sign-in.
// Started by governance_journey.sh, which sets the environment below.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

import { check, env, totp as totpAt } from './browser_common.mjs';

const base = env('MHDS_URL');
const clockOffset = Number(env('MHDS_CLOCK_OFFSET'));
const totp = (secret) => totpAt(secret, clockOffset);
const phase = env('MHDS_PHASE');
const ref = env('MHDS_REF');
const appUrl = `${base}/governance/applications/${ref}`;

async function signIn(browser, who) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill('#username', env(`MHDS_${who}_USER`));
  await page.fill('#password', env(`MHDS_${who}_PASSWORD`));
  await page.fill('#code', totp(env(`MHDS_${who}_SECRET`)));
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
  return page;
}

// Fills the fields of form #form-ID, submits it, and returns the state the page then shows.
async function submit(page, id, fields = {}) {
  await page.goto(appUrl);
  const form = page.locator(`#form-${id}`);
  check((await form.count()) === 1, `the page offers the form ${id}`);
  for (const [name, value] of Object.entries(fields)) {
    const field = form.locator(`[name="${name}"]`);
    const tag = await field.evaluate((e) => e.tagName);
    if (tag === 'SELECT') await field.selectOption(value);
    else if (value === true) await field.check();
    else await field.fill(value);
  }
  const [response] = await Promise.all([
    page.waitForNavigation(),
    form.locator('button[type=submit]').click(),
  ]);
  const text = await page.locator('body').innerText();
  check(response.status() === 200, `${id} was accepted${response.status() === 200 ? '' : `: ${text}`}`);
  return (await page.locator('#state').innerText()).trim();
}

const browser = await chromium.launch({
  executablePath: process.env.MHDS_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  if (phase === 'active') {
    const ann = await signIn(browser, 'APPLICANT');
    await ann.goto(`${base}/governance`);
    await ann.fill('#form-apply [name="application"]', readFileSync(env('MHDS_APPLICATION'), 'utf8'));
    await Promise.all([ann.waitForURL(appUrl), ann.click('#form-apply button[type=submit]')]);
    check((await ann.locator('#state').innerText()) === 'ENQUIRY', 'the applicant opened an enquiry');

    const team = await signIn(browser, 'TEAM');
    check(await submit(team, 'act-assess', { reason: 'feasible' }) === 'PRELIM_ASSESSMENT', 'assessed');
    check(await submit(team, 'act-proceed') === 'APPLICATION_DRAFT', 'proceeded to a full application');
    check(await submit(ann, 'act-submit') === 'CASE_OFFICER_REVIEW', 'the applicant submitted it');
    check(await submit(team, 'act-refer_to_panel') === 'PANEL_REVIEW', 'referred to the panel');
    check(await submit(team, 'review', {
      panel: 'AGD', meeting_date: '2026-11-05', outcome: 'recommended_with_conditions',
      conditions: 'Publish a privacy notice naming the data used',
    }) === 'APPROVAL_DECISION', 'the panel recommended it with a condition');
    check(await submit(team, 'decision', { outcome: 'approve', reason: 'benefits outweigh risks' })
          === 'DSA_ISSUED', 'the approver approved it');

    await ann.goto(appUrl);
    const meet = ann.locator('form[id^="form-meet-"]');
    check((await meet.count()) === 1, 'the applicant is offered to mark the condition met');
    await Promise.all([ann.waitForNavigation(), meet.locator('button').click()]);
    check((await ann.locator('#conditions').innerText()).includes('met'), 'the condition is met');

    check(await submit(team, 'agreement', {
      start: '2026-11-01', end: '2026-11-30', signed_by_nhse: 'Sue Approver',
      signed_by_applicant: 'Ann Applicant',
    }) === 'ACTIVE', 'the agreement is signed');
    check(await submit(team, 'release', {
      dataset: env('MHDS_DATASET'), file_reference: 'FILE0000001', month: '2026-11',
      opt_outs_applied: true, records_before: '20', records_after: '18',
      file_sha256: 'ab'.repeat(32),
    }) === 'ACTIVE', 'a file was released with opt-outs applied');
    const releases = await team.locator('#releases').innerText();
    check(releases.includes('FILE0000001') && releases.includes('20 before, 18 released'),
          'the release shows its counts');
    check(await submit(team, 'audit', { finding: 'storage and access as agreed', severity: 'none' })
          === 'ACTIVE', 'an audit passed');

    const other = await signIn(browser, 'OTHER');
    const response = await other.goto(appUrl);
    const otherText = await other.locator('body').innerText();
    check(response.status() === 404 && !otherText.includes(ref), 'another organisation gets 404');
    await other.goto(`${base}/governance`);
    check(!(await other.locator('body').innerText()).includes(ref),
          "another organisation's list does not show it");

    const publicPage = await (await browser.newContext()).newPage();
    const reg = await publicPage.goto(`${base}/governance/register?month=2026-11`);
    const releasesSheet = await publicPage.locator('#sheet-DataReleases').innerText();
    check(reg.status() === 200 && releasesSheet.includes('FILE0000001') && releasesSheet.includes('Yes'),
          'the public register lists the release with opt-outs applied, without a sign-in');
  } else {
    const team = await signIn(browser, 'TEAM');
    check(await submit(team, 'act-expire') === 'EXPIRED', 'the agreement expired');
    check(await submit(team, 'act-close_out') === 'DESTRUCTION_DUE', 'no renewal: destruction due');
    const ann = await signIn(browser, 'APPLICANT');
    check(await submit(ann, 'destruction', {
      destroyed_on: '2026-12-04', certificate_sha256: 'cd'.repeat(32),
    }) === 'CLOSED', 'the applicant certified destruction');
    const history = await ann.locator('#history').innerText();
    check(history.includes('destroy') && history.includes('ann (applicant)'),
          'the history shows who destroyed the data');
    await team.goto(`${base}/governance`);
    check((await team.locator('#ledger-status').innerText()).includes('intact'),
          'the team sees the ledger intact');
  }
} finally {
  await browser.close();
}
console.log(`governance journey (${phase}): ok`);
