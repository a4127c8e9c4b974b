// Reads the Prometheus text format (parse-prometheus-text-format) and picks the quantities the
// dashboard shows by the names in metricNames.ts; rates come from two successive scrapes.
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { ignoredRequestPaths, metricNames } from "./metricNames";

interface Sample {
  value?: string;
  count?: string;
  sum?: string;
  labels?: Record<string, string>;
}

interface Family {
  name: string;
  type: string;
  metrics: Sample[];
}

export interface ServiceTotals {
  /** Requests served since start. */
  requests?: number;
  encoderTexts?: number;
  encoderBatchSum?: number;
  encoderBatchCount?: number;
  encoderQueueDepth?: number;
}

function find(families: Family[], names: readonly string[]): Family | undefined {
  for (const name of names) {
    const family = families.find(f => f.name === name || f.name.startsWith(name + "_"));
    if (family) return family;
  }
  return undefined;
}

function total(family: Family | undefined, field: "value" | "count" | "sum", keep: (s: Sample) => boolean = () => true): number | undefined {
  if (!family) return undefined;
  return family.metrics.filter(keep).reduce((sum, s) => sum + Number(s[field] ?? 0), 0);
}

function isServiceWork(sample: Sample): boolean {
  const labels = Object.values(sample.labels ?? {});
  return !labels.some(value => ignoredRequestPaths.some(path => value.includes(path)));
}

/** The totals one replica's /metrics text holds (summed over its label sets). */
export function readTotals(text: string): ServiceTotals {
  const families = parsePrometheusTextFormat(text) as Family[];
  const requests = find(families, metricNames.serverRequests);
  const batch = find(families, metricNames.encoderBatchSize);
  return {
    requests: total(requests, requests?.type === "HISTOGRAM" || requests?.type === "SUMMARY" ? "count" : "value", isServiceWork),
    encoderTexts: total(find(families, metricNames.encoderTexts), "value"),
    encoderBatchSum: total(batch, "sum"),
    encoderBatchCount: total(batch, "count"),
    encoderQueueDepth: total(find(families, metricNames.encoderQueueDepth), "value"),
  };
}

/** Per second between two readings; undefined without both (or after a restart reset the counter). */
export function rate(before: number | undefined, after: number | undefined, seconds: number): number | undefined {
  if (before === undefined || after === undefined || seconds <= 0 || after < before) return undefined;
  return (after - before) / seconds;
}
