import { launch, signIn, hydrated, ADMIN, BASE_URL } from './support/browser.mjs';
const browser = await launch();
for (const [w, h, tag] of [[1440, 900, 'desktop'], [390, 844, 'phone']]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await signIn(page, ADMIN); await page.getByRole('heading', { name: /Welcome back/ }).waitFor();
  await page.goto(`${BASE_URL}/admin/customers?cols=entity_id,name,email,billing_full,c1o,c2t&f.c1o=2`);
  await hydrated(page);
  await page.locator('table.customers-grid tbody tr[data-id]').first().waitFor();
  await page.screenshot({ path: `/tmp/shots/grid-${tag}.png` });
  await page.getByRole('button', { name: 'Filters' }).click();
  await page.screenshot({ path: `/tmp/shots/filters-${tag}.png`, fullPage: tag === 'phone' });
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.screenshot({ path: `/tmp/shots/columns-${tag}.png`, fullPage: tag === 'phone' });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  console.log(tag, 'horizontal overflow', overflow);
  await page.close();
}
await browser.close();
