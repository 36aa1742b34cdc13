// The browser half of "errors where they belong" and "what the API server refuses": option
// errors once at the Rack panel (not an error per object on the manifest), a schedule
// Kubernetes refuses as an error at its value, and the Download's stand-in header. Run from
// run.mjs's main(); `t` carries its harness.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export async function refuseTests(t) {
  const { test, newPage, open, settled, contractOf, native, EFS, complete, shareMenu } = t;
  const setText = (page, text) => page.evaluate((x) => window.__playground.editor.setText(x), text);

  await test('an invalid rack name is one error at the Rack panel, not an error per object on the manifest', async () => {
    const page = await newPage();
    await open(page);
    await page.fill('#rack', 'my rack');
    await settled(page);
    const c = await contractOf(page);
    assert.deepEqual(c.optionErrors.map((e) => e.field), ['rack']);
    assert.deepEqual(c.diagnostics.filter((d) => d.severity === 'error'), [], 'no error on the manifest');
    assert.equal(await page.locator('#diagnostics .sev-error').count(), 0);
    await page.waitForSelector('#rack-errors li');
    const listed = await page.textContent('#rack-panel');
    const message = 'rack name must start with a lowercase letter and contain only lowercase alphanumeric characters and hyphens';
    assert.equal(listed.split(message).length - 1, 1, 'shown once');
    await page.context().close();
  });

  await test('an env line without = is an error at the env field, with its line (the Rack panel stays closed)', async () => {
    const page = await newPage();
    await open(page);
    await page.evaluate(() => { document.querySelector('#env-box').open = true; }); // folded while empty
    await page.fill('#env', 'WEB_HOST=www.example.com\nDATABASE_URL');
    await settled(page);
    const c = await contractOf(page);
    const env = c.optionErrors.filter((e) => e.field === 'env');
    assert.equal(env.length, 1);
    assert.match(env[0].message, /^line 2: "DATABASE_URL" has no '=': write DATABASE_URL=<value>/);
    await page.waitForSelector('#env-errors li');
    assert.match(await page.textContent('#env-errors'), /line 2: "DATABASE_URL" has no '='/);
    assert.equal(await page.getAttribute('#rack-panel', 'open'), null, 'the env box is where it is said');
    assert.ok(!(await page.textContent('#rack-panel')).includes('DATABASE_URL'));
    await page.context().close();
  });

  await test('a schedule Kubernetes refuses is an error at its value, as the native CLI says', async () => {
    const page = await newPage();
    await open(page);
    const source = 'services:\n  jobs:\n    build: .\ntimers:\n  cleanup:\n    schedule: "61 3 * * *"\n    command: bin/cleanup\n    service: jobs\n';
    await setText(page, source);
    await settled(page);
    const c = await contractOf(page);
    const errors = c.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1);
    assert.equal(`${errors[0].line}:${errors[0].column}`, '6:15', 'at the value');
    assert.match(errors[0].message, /end of range \(61\) above maximum \(59\): 61/);
    assert.deepEqual(errors, native(source, {}).diagnostics.filter((d) => d.severity === 'error'));
    assert.ok((await page.textContent('#diagnostics')).includes('6:15'));
    await page.context().close();
  });

  await test('the Download opens with a comment listing each stand-in and where the real one comes from', async () => {
    const page = await newPage();
    await open(page);
    await shareMenu(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const text = readFileSync(await download.path(), 'utf8');
    const header = text.slice(0, text.indexOf('\n---\n'));
    assert.ok(header.split('\n').every((l) => l.startsWith('#')), header);
    for (const standIn of ['00000000-0000-0000-0000-000000000000', '123456789012.dkr.ecr.us-east-1.amazonaws.com', '0a1b2c3d4e5f.convox.cloud', 'RACK-API-PASSWORD']) {
      assert.ok(header.includes(`#   ${standIn}\n`), standIn);
    }
    assert.match(header, /real: kubectl get namespace my-rack-system -o jsonpath='\{\.metadata\.uid\}'/);
    assert.equal(text, native(complete, EFS, 'yaml'));
    assert.match(await page.getAttribute('#download', 'title'), /for reading and diffing/);
    await page.context().close();
  });
}
