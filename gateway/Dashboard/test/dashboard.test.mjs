// The dashboard in a real browser (Debian's Chromium driven by playwright-core) against a real
// cluster on demo data: every view shows the user's own numbers from the REST API, a reason opens
// its evidence, the heat map has a column per period, and an unknown user, a rejected key and a
// stopped service each say so. A screenshot of each view goes to test-output/ (or $SCREENSHOT_DIR).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { api, startCluster } from "./cluster.mjs";

const screenshots = process.env.SCREENSHOT_DIR ?? new URL("../test-output/", import.meta.url).pathname;
const percent = (p, digits = 1) => `${(p * 100).toFixed(digits)}%`;
const redText = "rgb(179, 38, 30)";

let cluster;
let browser;
let page;
let user;

let visits = 0;

/** Loads the page afresh (a new query, so never a same-document hash change) on a view. */
async function open(view, userId = user) {
  await page.goto(`${cluster.gateway}/?user=${encodeURIComponent(userId)}&visit=${++visits}#${view}`);
  await page.waitForSelector(`body[data-ready="${view}"]`, { timeout: 20_000 });
}

const texts = selector => page.$$eval(selector, elements => elements.map(e => e.textContent.trim()).filter(Boolean));

const shot = name => page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });

describe("dashboard in a browser", { timeout: 240_000 }, () => {
  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    cluster = await startCluster();
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const recent = await api(cluster, "/v1/users?limit=50");
    // The demo user with the most events: the fullest charts.
    user = recent.users.reduce((best, u) => (Number(u.eventCount) > Number(best.eventCount) ? u : best)).userId;
    await page.goto(cluster.gateway + "/");
    await page.fill("#api-key", cluster.readKey);
    await page.click("#key-form button");
    await page.waitForFunction(count => document.querySelectorAll("#recent-users option").length === count, recent.users.length);
  });

  after(async () => {
    await browser?.close();
    await cluster?.close();
  });

  it("shows the user's interests: tree, top level, long against short term, radar and evidence", async () => {
    await open("interests");
    const profile = await api(cluster, `/v1/users/${user}/interests?top_k=8&evidence_per_interest=5&recent_items=50`);
    const topLevel = profile.longTerm.nodes.filter(n => n.depth === 1).sort((a, b) => b.probability - a.probability);
    const pie = await texts("#chart-pie svg text");
    for (const node of topLevel.slice(0, 3)) {
      assert.ok(pie.includes(`${node.categoryPath} ${percent(node.probability)}`), `pie label for ${node.categoryPath} in ${pie}`);
    }
    const sunburst = await texts("#chart-sunburst svg text");
    assert.ok(sunburst.includes(topLevel[0].categoryPath), `sunburst shows ${topLevel[0].categoryPath}: ${sunburst}`);
    const terms = await texts("#chart-terms svg text");
    assert.ok(terms.includes(topLevel[0].categoryPath) && terms.includes(percent(topLevel[0].probability, 0)), `bars: ${terms}`);
    assert.equal(await page.textContent("#drift-score"), profile.drift.score.toFixed(2));
    const radar = await texts("#chart-radar svg text");
    for (const interest of profile.topInterests) {
      assert.ok(radar.includes(interest.categoryPath), `radar axis ${interest.categoryPath} in ${radar}`);
    }
    const evidence = await texts("#evidence td");
    const first = profile.topInterests[0].evidence[0];
    assert.ok(evidence.includes(first.title) && evidence.includes(percent(first.share)), `evidence ${first.title} ${percent(first.share)}`);
    await shot("interests");
  });

  it("shows interest over time as a heat map with one column per period", async () => {
    await open("history");
    const history = await api(cluster, `/v1/users/${user}/interest-history`);
    assert.ok(history.periods.length > 1, "the demo user has several periods");
    const labels = (await texts("#chart-heatmap svg text")).filter(t => /^\d{4}-\d{2}-\d{2}$/.test(t));
    assert.deepEqual(labels, history.periods.map(p => p.start.slice(0, 10)));
    const axis = await texts("#chart-heatmap svg text");
    for (const category of new Set(history.periods.flatMap(p => p.categories.map(c => c.categoryPath)))) {
      assert.ok(axis.includes(category), `row for ${category}`);
    }
    const unit = history.granularity === "HISTORY_GRANULARITY_WEEK" ? "weeks" : "days";
    assert.match(await page.textContent("#history-summary"), new RegExp(`^${history.periods.length} ${unit} from`));
    await shot("history");
  });

  it("shows recommendations as cards, and a click on a reason opens its evidence", async () => {
    await open("recommendations");
    const answer = await api(cluster, `/v1/users/${user}/recommendations?k=12&explain=false`);
    assert.deepEqual(await texts("#recs-cards h4"), answer.items.map(r => r.item.title));
    assert.deepEqual(await texts("#recs-cards .probability"), answer.items.map(r => percent(r.probability)));
    const cited = answer.items.findIndex(r => r.reason.itemIds.length > 0 || r.reason.categoryPath);
    assert.ok(cited >= 0, "some recommendation cites the user's events or interests");
    await page.click(`button.reason[data-index="${cited}"]`);
    await page.waitForSelector("#reason-panel:not([hidden])");
    const reason = answer.items[cited].reason;
    const panel = await page.textContent("#reason-panel");
    assert.ok(panel.includes(reason.text));
    if (reason.itemIds.length) {
      assert.equal((await texts("#evidence-events tr")).length, reason.itemIds.length + 1);
    } else {
      assert.ok((await page.textContent("#evidence-interest")).includes(reason.categoryPath));
    }
    await shot("recommendations");
    await page.check("#explain");
    await page.waitForSelector("#recs-cards .contributions");
    const explained = await api(cluster, `/v1/users/${user}/recommendations?k=12&explain=true`);
    const features = await texts("#recs-cards article:first-child .contributions td:first-child");
    assert.deepEqual(features, explained.items[0].contributions.map(c => c.feature));
    await page.uncheck("#explain");
  });

  it("shows the catalog and the cluster: item counts, health, breakers and the services' metrics", async () => {
    await open("cluster");
    const categories = await api(cluster, "/v1/categories?max_depth=2");
    const treemap = await texts("#chart-categories svg text");
    for (const root of categories.roots) {
      assert.ok(treemap.some(t => t === `${root.name} ${root.itemCount}`), `treemap shows ${root.name} ${root.itemCount}: ${treemap}`);
    }
    assert.deepEqual(await texts("#status-table .status"), ["SERVING", "SERVING", "SERVING", "SERVING"]);
    assert.deepEqual(await texts("#status-table .breaker"), ["Closed", "Closed", "Closed", "Closed"]);
    const metrics = await api(cluster, "/v1/cluster/metrics");
    const encoderText = metrics.services.find(s => s.name === "encoder").replicas[0].text;
    const encoded = [...encoderText.matchAll(/^encoder_texts_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    assert.ok(encoded >= categories.roots.reduce((sum, root) => sum + Number(root.itemCount), 0), "the encoder embedded the demo catalog");
    assert.equal(await page.textContent("#encoder-texts"), String(encoded));
    const batches = Number(/^encoder_batcher_batch_size_count\{[^}]*\} (\d+)/m.exec(encoderText)[1]);
    const sequences = Number(/^encoder_batcher_batch_size_sum\{[^}]*\} (\d+)/m.exec(encoderText)[1]);
    assert.equal(await page.textContent("#encoder-batch"), (sequences / batches).toFixed(1)); // no batch ran since
    assert.equal(await page.textContent("#encoder-queue"), "0");
    // A second scrape gives rates.
    await page.waitForFunction(() => /^\d+\.\d$/.test(document.querySelector("#encoder-throughput")?.textContent ?? ""), undefined, { timeout: 15_000 });
    assert.match(await page.textContent('#rates-now [data-service="interest-model"]'), /interest-model: \d+\.\d\/s/);
    await shot("cluster");
  });

  it("says so when the user is unknown, not an empty chart", async () => {
    await open("interests", "nobody-at-all");
    assert.match(await page.textContent("#interests-message"), /No user "nobody-at-all" in the store/);
    assert.equal(await page.isVisible("#interests-content"), false);
    await open("history", "nobody-at-all");
    assert.match(await page.textContent("#history-message"), /No user "nobody-at-all" in the store/);
  });

  it("says so when the key is not accepted", async () => {
    await page.fill("#api-key", "not-a-key-at-all");
    await page.click("#key-form button");
    await open("interests");
    assert.match(await page.textContent("#interests-message"), /did not accept the API key \(UNAUTHENTICATED\)/);
    await page.fill("#api-key", cluster.readKey);
    await page.click("#key-form button");
  });

  it("says so when a service is stopped, and shows its replica in red", async () => {
    await cluster.stop("interest-model");
    await open("interests");
    assert.match(await page.textContent("#interests-message"), /unavailable \(UNAVAILABLE\)/);
    await open("cluster");
    const status = page.locator('#status-table tr[data-service="interest-model"] .status');
    assert.match(await status.textContent(), /^(UNREACHABLE|NOT_SERVING)$/);
    assert.equal(await status.evaluate(e => getComputedStyle(e).color), redText);
    await shot("service-down");
  });
});
