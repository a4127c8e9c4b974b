// ECharts with only the charts the dashboard draws, rendered as SVG so every label is text in the page.
import { BarChart, CustomChart, HeatmapChart, LineChart, PieChart, RadarChart, SunburstChart, TreemapChart } from "echarts/charts";
import { GridComponent, LegendComponent, RadarComponent, TitleComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, CustomChart, HeatmapChart, LineChart, PieChart, RadarChart, SunburstChart, TreemapChart,
  GridComponent, LegendComponent, RadarComponent, TitleComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export type Chart = echarts.ECharts;
export type Option = echarts.EChartsCoreOption;

/** Draws (or redraws) the chart in the element with this id. */
export function draw(id: string, option: Option): Chart {
  const element = document.getElementById(id)!;
  const chart = echarts.getInstanceByDom(element) ?? echarts.init(element, undefined, { renderer: "svg" });
  chart.setOption(option, true);
  return chart;
}

/** Charts in a view that was hidden while drawn take their size when it is shown. */
export function resizeAll(root: HTMLElement): void {
  root.querySelectorAll<HTMLElement>(".chart").forEach(element => echarts.getInstanceByDom(element)?.resize());
}

export const percent = (p: number, digits = 1) => `${(p * 100).toFixed(digits)}%`;
