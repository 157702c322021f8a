// `just bench`: first contentful paint of the sign-in page in headless Chromium (Performance
// API), over fresh browser contexts, and whether every request stays on our own server.
import { launchBrowser } from './support.mjs';

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
const browser = await launchBrowser();
const paints = [];
const foreign = new Set();
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== base) foreign.add(request.url());
  });
  await page.goto(`${base}/login`, { waitUntil: 'networkidle' });
  await page.getByRole('heading').first().waitFor();
  paints.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
  await context.close();
}
await browser.close();
paints.sort((a, b) => a - b);
console.log(`  first contentful paint over ${runs} cold loads: median ${Math.round(paints[Math.floor(runs / 2)])} ms, worst ${Math.round(paints.at(-1))} ms`);
console.log(`  requests to other origins: ${foreign.size === 0 ? 'none' : [...foreign].join(', ')}`);
