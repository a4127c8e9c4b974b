// Catalog and cluster: categories with item counts; each service's replicas, health and breaker;
// the encoder's batch size, queue depth and throughput and every service's request rate, from the
// services' own /metrics, refreshed while the view is open.
import { explain, get } from "../api";
import { draw } from "../charts";
import { $, escape, message } from "../dom";
import { rate, readTotals, type ServiceTotals } from "../metrics";
import type { CategoryNode, ClusterMetrics, ClusterStatus } from "../types";

interface Reading {
  at: number;
  totals: Map<string, ServiceTotals>;
}

const historyLength = 60;
const samples: { time: string; rates: Map<string, number | undefined>; batch?: number; queue?: number; texts?: number }[] = [];
let previous: Reading | undefined;

export async function loadCatalog(): Promise<void> {
  try {
    const answer = await get<{ roots: CategoryNode[] }>("/v1/categories?max_depth=2");
    const toTree = (n: CategoryNode): object => ({ name: n.name, path: n.path, value: Number(n.itemCount), children: n.children.map(toTree) });
    const total = answer.roots.reduce((sum, n) => sum + Number(n.itemCount), 0);
    $("catalog-summary").textContent = `${total} items in ${answer.roots.length} top-level categories.`;
    draw("chart-categories", {
      tooltip: { formatter: (p: { data: { path: string; value: number } }) => `${escape(p.data.path)}: ${p.data.value} items` },
      series: [{
        type: "treemap", data: answer.roots.map(toTree), roam: false, nodeClick: false, breadcrumb: { show: false },
        label: { formatter: (p: { name: string; value: number }) => `${p.name}\n${p.value}` },
        upperLabel: { show: true, height: 20, formatter: (p: { name: string; value: number }) => `${p.name} ${p.value}` },
        levels: [{ itemStyle: { borderWidth: 2, gapWidth: 2 } }, { itemStyle: { gapWidth: 1 } }],
      }],
    });
    message("catalog-message", "");
  } catch (e) {
    message("catalog-message", explain(e));
  }
}

export async function refreshCluster(): Promise<void> {
  try {
    const status = await get<ClusterStatus>("/v1/status");
    $("status-table").innerHTML = "<tr><th>service</th><th>replicas (gRPC health)</th><th>circuit breaker</th></tr>" +
      status.backends.map(b => `<tr data-service="${escape(b.name)}"><td>${escape(b.name)}</td><td>` +
        b.replicas.map(r => `<span class="status status-${escape(r.status)}">${escape(r.status)}</span> <span class="muted">${escape(r.address)}${r.detail ? ": " + escape(r.detail) : ""}</span>`).join("<br>") +
        `</td><td><span class="breaker breaker-${escape(b.breaker)}">${escape(b.breaker)}</span></td></tr>`).join("");
    message("cluster-message", "");
  } catch (e) {
    message("cluster-message", explain(e));
  }
  try {
    const metrics = await get<ClusterMetrics>("/v1/cluster/metrics");
    renderMetrics(metrics);
  } catch (e) {
    message("metrics-message", explain(e));
  }
}

function renderMetrics(metrics: ClusterMetrics): void {
  const reading: Reading = { at: Date.parse(metrics.scrapedAt), totals: new Map() };
  const problems: string[] = [];
  for (const service of metrics.services) {
    const sum: ServiceTotals = {};
    for (const replica of service.replicas) {
      if (replica.error !== undefined || replica.text === undefined) {
        problems.push(`${service.name} (${replica.address}): ${replica.error}`);
        continue;
      }
      const totals = readTotals(replica.text);
      for (const key of Object.keys(totals) as (keyof ServiceTotals)[]) {
        if (totals[key] !== undefined) sum[key] = (sum[key] ?? 0) + totals[key]!;
      }
    }
    reading.totals.set(service.name, sum);
  }
  message("metrics-message", problems.length ? `Metrics missing for ${problems.join("; ")}` : "", "warning");
  const seconds = previous ? (reading.at - previous.at) / 1000 : 0;
  const encoder = reading.totals.get("encoder") ?? {};
  const encoderBefore = previous?.totals.get("encoder") ?? {};
  const batchCount = rate(encoderBefore.encoderBatchCount, encoder.encoderBatchCount, 1);
  const batchSum = rate(encoderBefore.encoderBatchSum, encoder.encoderBatchSum, 1);
  const sample = {
    time: new Date(reading.at).toISOString().slice(11, 19),
    rates: new Map([...reading.totals].map(([name, totals]) => [name, rate(previous?.totals.get(name)?.requests, totals.requests, seconds)])),
    batch: batchCount ? batchSum! / batchCount : encoder.encoderBatchCount ? encoder.encoderBatchSum! / encoder.encoderBatchCount : undefined,
    queue: encoder.encoderQueueDepth,
    texts: rate(encoderBefore.encoderTexts, encoder.encoderTexts, seconds),
  };
  previous = reading;
  samples.push(sample);
  samples.splice(0, Math.max(0, samples.length - historyLength));
  const figure = (v: number | undefined, digits: number) => (v === undefined ? "–" : v.toFixed(digits));
  $("encoder-stats").innerHTML =
    `<div><span class="muted">mean batch size</span><b id="encoder-batch">${figure(sample.batch, 1)}</b></div>` +
    `<div><span class="muted">queue depth</span><b id="encoder-queue">${figure(sample.queue, 0)}</b></div>` +
    `<div><span class="muted">texts per second</span><b id="encoder-throughput">${figure(sample.texts, 1)}</b></div>` +
    `<div><span class="muted">texts encoded since start</span><b id="encoder-texts">${figure(encoder.encoderTexts, 0)}</b></div>`;
  const names = [...reading.totals.keys()];
  draw("chart-rates", {
    tooltip: { trigger: "axis" },
    legend: { data: names, top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    xAxis: { type: "category", data: samples.map(s => s.time) },
    yAxis: { type: "value", name: "requests/s" },
    series: names.map(name => ({ type: "line", name, showSymbol: false, data: samples.map(s => s.rates.get(name) ?? null) })),
  });
  $("rates-now").innerHTML = names.map(name => {
    const total = reading.totals.get(name)?.requests;
    return `<span data-service="${escape(name)}">${escape(name)}: <b>${figure(sample.rates.get(name), 1)}</b>/s <span class="muted">(${figure(total, 0)} since start)</span></span>`;
  }).join(" ");
}
