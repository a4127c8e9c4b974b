// Interest over time: a heat map of categories by period (day or week, as the API chose from the
// history's span), each cell the category's share of the user's decayed interest at the period's end.
import { get } from "../api";
import { draw, percent } from "../charts";
import { $, escape, shortDate } from "../dom";
import type { InterestHistory } from "../types";

export const loadHistory = (user: string) => get<InterestHistory>(`/v1/users/${encodeURIComponent(user)}/interest-history`);

export function renderHistory(history: InterestHistory): void {
  const periods = history.periods;
  const unit = history.granularity === "HISTORY_GRANULARITY_WEEK" ? "week" : "day";
  const categories = [...new Set(periods.flatMap(p => p.categories.map(c => c.categoryPath)))].sort();
  const labels = periods.map(p => shortDate(p.start));
  const cells: [number, number, number, number, number][] = [];
  periods.forEach((period, x) => {
    for (const category of period.categories) {
      cells.push([x, categories.indexOf(category.categoryPath), category.share, category.eventCount, category.mass]);
    }
  });
  const events = periods.reduce((sum, p) => sum + p.eventCount, 0);
  $("history-summary").innerHTML =
    `${periods.length} ${unit}s from ${escape(labels[0])} to ${escape(labels[labels.length - 1])}, ${events} events. ` +
    `Each cell: the category's share of the user's interest at the end of the ${unit} (half-life ${history.halfLifeDays} days).`;
  draw("chart-heatmap", {
    tooltip: {
      formatter: (p: { value: number[] }) =>
        `<b>${escape(categories[p.value[1]])}</b>, ${unit} of ${escape(labels[p.value[0]])}<br>` +
        `share ${percent(p.value[2])}<br>${p.value[3]} events this ${unit} (mass ${p.value[4].toFixed(2)})`,
    },
    grid: { left: 150, right: 90, top: 10, bottom: 90 },
    xAxis: { type: "category", data: labels, splitArea: { show: true }, axisLabel: { interval: 0, rotate: 60, fontSize: 10 } },
    yAxis: { type: "category", data: categories, splitArea: { show: true }, axisLabel: { fontSize: 11 } },
    visualMap: { dimension: 2, min: 0, max: 1, calculable: true, orient: "vertical", right: 0, top: "middle", inRange: { color: ["#f3f6fc", "#2a5bd7", "#13204a"] }, formatter: (v: number) => percent(v, 0) },
    series: [{ type: "heatmap", data: cells, emphasis: { itemStyle: { borderColor: "#1d2330", borderWidth: 1 } } }],
  });
}
