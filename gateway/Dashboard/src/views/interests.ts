// A user's interests: the category tree (sunburst), the top level (pie), long- against short-term
// with credible intervals and drift, a radar of the top interests, and the evidence behind each.
import { get } from "../api";
import { draw, percent } from "../charts";
import { $, escape, lastSegment, shortDate } from "../dom";
import type { CategoryInterest, InterestProfile } from "../types";

export const profilePath = (user: string) =>
  `/v1/users/${encodeURIComponent(user)}/interests?top_k=8&evidence_per_interest=5&recent_items=50`;

export const loadProfile = (user: string) => get<InterestProfile>(profilePath(user));

/** True when the store has nothing of this user: the API answers with the population's distribution. */
export const isUnknown = (profile: InterestProfile) => profile.coldStart && Number(profile.eventCount) === 0;

interface TreeNode {
  name: string;
  value: number;
  node: CategoryInterest;
  children: TreeNode[];
}

function tree(nodes: CategoryInterest[]): TreeNode[] {
  const byPath = new Map<string, TreeNode>();
  const roots: TreeNode[] = [];
  for (const node of [...nodes].sort((a, b) => a.depth - b.depth)) {
    const item: TreeNode = { name: lastSegment(node.categoryPath), value: node.probability, node, children: [] };
    byPath.set(node.categoryPath, item);
    const parent = byPath.get(node.categoryPath.slice(0, Math.max(0, node.categoryPath.lastIndexOf("/"))));
    (node.depth > 1 && parent ? parent.children : roots).push(item);
  }
  return roots;
}

const nodeTooltip = (n: CategoryInterest) =>
  `<b>${escape(n.categoryPath)}</b><br>${percent(n.probability)} (90% interval ${percent(n.lower)}–${percent(n.upper)})<br>${escape(n.evidenceCount)} events`;

export function renderInterests(profile: InterestProfile): void {
  const longTerm = profile.longTerm.nodes;
  const shortTerm = new Map(profile.shortTerm.nodes.map(n => [n.categoryPath, n]));
  const top = longTerm.filter(n => n.depth === 1).sort((a, b) => b.probability - a.probability);

  $("interests-summary").innerHTML =
    `<b>${escape(profile.userId)}</b>: ${escape(profile.eventCount)} events counted` +
    (Number(profile.pendingEventCount) > 0 ? `, ${escape(profile.pendingEventCount)} waiting for their items` : "") +
    `. Long-term half-life ${profile.longTerm.halfLifeDays} days, short-term ${profile.shortTerm.halfLifeDays} days.`;

  draw("chart-sunburst", {
    tooltip: { formatter: (p: { data: TreeNode }) => nodeTooltip(p.data.node) },
    series: [{
      type: "sunburst", data: tree(longTerm), radius: ["12%", "95%"], sort: undefined,
      label: { rotate: "radial", fontSize: 10, minAngle: 8 },
      levels: [{}, { label: { rotate: "tangential", fontSize: 12 } }, {}, { label: { fontSize: 9 } }],
    }],
  });

  draw("chart-pie", {
    tooltip: { formatter: (p: { dataIndex: number }) => nodeTooltip(top[p.dataIndex]) },
    series: [{
      type: "pie", radius: ["30%", "62%"],
      data: top.map(n => ({ name: n.categoryPath, value: n.probability })),
      label: { formatter: (p: { name: string; value: number }) => `${p.name} ${percent(p.value)}` },
    }],
  });

  const categories = top.map(n => n.categoryPath);
  const shortTop = categories.map(c => shortTerm.get(c));
  const interval = (index: number, offset: number) => ({
    type: "custom",
    name: index === 0 ? "long-term" : "short-term",
    data: (index === 0 ? top : shortTop).map((n, i) => [i, n?.lower ?? 0, n?.upper ?? 0]),
    renderItem: (_: unknown, api: { value: (i: number) => number; coord: (v: number[]) => number[]; size: (v: number[]) => number[] }) => {
      const x = api.coord([api.value(0), 0])[0] + offset * api.size([1, 0])[0];
      const low = api.coord([api.value(0), api.value(1)])[1];
      const high = api.coord([api.value(0), api.value(2)])[1];
      const style = { stroke: "#1d2330", lineWidth: 1.2 };
      return {
        type: "group",
        children: [
          { type: "line", shape: { x1: x, y1: low, x2: x, y2: high }, style },
          { type: "line", shape: { x1: x - 4, y1: low, x2: x + 4, y2: low }, style },
          { type: "line", shape: { x1: x - 4, y1: high, x2: x + 4, y2: high }, style },
        ],
      };
    },
    encode: { x: 0, y: [1, 2] },
    tooltip: { show: false },
    z: 10,
  });
  draw("chart-terms", {
    tooltip: { trigger: "axis", valueFormatter: (v: number) => percent(v) },
    legend: { data: ["long-term", "short-term"], top: 0 },
    grid: { left: 48, right: 12, top: 32, bottom: 60 },
    xAxis: { type: "category", data: categories, axisLabel: { interval: 0, rotate: 30, fontSize: 10 } },
    yAxis: { type: "value", axisLabel: { formatter: (v: number) => percent(v, 0) } },
    series: [
      { type: "bar", name: "long-term", data: top.map(n => n.probability), barWidth: "30%", barGap: "0%", label: { show: true, position: "insideTop", fontSize: 9, formatter: (p: { value: number }) => percent(p.value, 0) } },
      { type: "bar", name: "short-term", data: shortTop.map(n => n?.probability ?? 0), barWidth: "30%", label: { show: true, position: "insideTop", fontSize: 9, formatter: (p: { value: number }) => percent(p.value, 0) } },
      interval(0, -0.15),
      interval(1, 0.15),
    ],
  });

  const drift = profile.drift;
  const movers = (list: { categoryPath: string; probability: number }[]) =>
    list.length ? list.map(m => `<li>${escape(m.categoryPath)} <span class="muted">short-term ${percent(m.probability)}</span></li>`).join("") : "<li class=\"muted\">none</li>";
  $("drift").innerHTML =
    `<p>Drift score <b id="drift-score">${drift.score.toFixed(2)}</b> (threshold ${drift.threshold.toFixed(2)}): ` +
    (drift.shifted ? "<b class=\"warn\">the user's interests have shifted recently</b>" : "no significant shift") + ".</p>" +
    `<div class="columns"><div><h4>Rising</h4><ul id="rising">${movers(drift.rising)}</ul></div>` +
    `<div><h4>Falling</h4><ul id="falling">${movers(drift.falling)}</ul></div></div>`;

  const interests = profile.topInterests;
  const max = Math.max(0.05, ...interests.map(i => Math.max(i.upper, shortTerm.get(i.categoryPath)?.probability ?? 0)));
  draw("chart-radar", {
    tooltip: {},
    legend: { data: ["long-term", "short-term"], bottom: 0 },
    radar: { indicator: interests.map(i => ({ name: i.categoryPath, max })), radius: "62%", axisName: { fontSize: 10, color: "#1d2330" } },
    series: [{
      type: "radar",
      data: [
        { name: "long-term", value: interests.map(i => i.probability) },
        { name: "short-term", value: interests.map(i => shortTerm.get(i.categoryPath)?.probability ?? 0) },
      ],
    }],
  });

  $("evidence").innerHTML = interests.map(interest =>
    `<details class="interest" open><summary><b>${escape(interest.categoryPath)}</b> ${percent(interest.probability)} ` +
    `<span class="muted">(${percent(interest.lower)}–${percent(interest.upper)})</span></summary>` +
    `<table><tr><th>item</th><th>action</th><th>when</th><th>share</th></tr>` +
    interest.evidence.map(e =>
      `<tr><td>${escape(e.title || e.itemId)}</td><td>${escape(e.action.replace("ACTION_", "").toLowerCase())}</td>` +
      `<td>${escape(shortDate(e.timestamp))}</td><td class="share">${percent(e.share)}</td></tr>`).join("") +
    "</table></details>").join("");
}
