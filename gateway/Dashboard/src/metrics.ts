// Reads the Prometheus text exposition format and picks the quantities the dashboard shows by the
// names in metricNames.ts; rates come from two successive scrapes. Only sample lines matter here
// (name{labels} value), so the parser is these few lines: the npm parser we tried
// (parse-prometheus-text-format 1.1.1) drops _sum and _count of histograms that have labels.
import { ignoredRequestPaths, metricNames, type MetricName } from "./metricNames";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const match = sampleLine.exec(line.trim());
    if (!match) continue; // comments (# HELP, # TYPE, # EOF) and blank lines
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(labelPair)) {
      labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

export interface ServiceTotals {
  /** Requests served since start. */
  requests?: number;
  encoderTexts?: number;
  encoderBatchSum?: number;
  encoderBatchCount?: number;
  encoderQueueDepth?: number;
}

/** The name itself, or the name with one unit segment (_ms, _seconds), then the suffix. */
function named(sample: Sample, name: string, suffix: string): boolean {
  if (!sample.name.startsWith(name) || !sample.name.endsWith(suffix)) return false;
  const middle = sample.name.slice(name.length, sample.name.length - suffix.length);
  return middle === "" || /^_[a-z]+$/.test(middle);
}

/** The sum over every label set of the first of the names present, as a counter or gauge value, a histogram's sum or count. */
function total(samples: Sample[], names: readonly MetricName[], part: "value" | "sum" | "count", keep: (s: Sample) => boolean = () => true): number | undefined {
  for (const { name, kind } of names) {
    const suffix = kind === "histogram" ? (part === "sum" ? "_sum" : "_count") : "";
    const found = samples.filter(s => named(s, name, suffix));
    if (found.length) return found.filter(keep).reduce((sum, s) => sum + s.value, 0);
  }
  return undefined;
}

function isServiceWork(sample: Sample): boolean {
  return !Object.values(sample.labels).some(value => ignoredRequestPaths.some(path => value.includes(path)));
}

/** The totals one replica's /metrics text holds (summed over its label sets). */
export function readTotals(text: string): ServiceTotals {
  const samples = parseSamples(text);
  return {
    requests: total(samples, metricNames.serverRequests, "count", isServiceWork),
    encoderTexts: total(samples, metricNames.encoderTexts, "value"),
    encoderBatchSum: total(samples, metricNames.encoderBatchSize, "sum"),
    encoderBatchCount: total(samples, metricNames.encoderBatchSize, "count"),
    encoderQueueDepth: total(samples, metricNames.encoderQueueDepth, "value"),
  };
}

/** Per second between two readings; undefined without both (or after a restart reset the counter). */
export function rate(before: number | undefined, after: number | undefined, seconds: number): number | undefined {
  if (before === undefined || after === undefined || seconds <= 0 || after < before) return undefined;
  return (after - before) / seconds;
}
