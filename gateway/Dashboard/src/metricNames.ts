// Every metric the dashboard reads from the services' /metrics, in one place. Each quantity lists the
// names it may have, first found wins: our own exporter's and OpenTelemetry's Prometheus exporter's
// (instrument "encoder.batcher.batch_size" becomes encoder_batcher_batch_size, a counter gets _total).
// A name also matches with one unit segment after it (encoder_batcher_queue_wait_ms,
// http_server_request_duration_seconds): the exporters add the unit.

export type MetricKind = "counter" | "gauge" | "histogram";

export interface MetricName {
  readonly name: string;
  readonly kind: MetricKind;
}

const counter = (name: string): MetricName => ({ name, kind: "counter" });
const gauge = (name: string): MetricName => ({ name, kind: "gauge" });
const histogram = (name: string): MetricName => ({ name, kind: "histogram" });

export const metricNames = {
  /** Sequences per batch run: mean over the last refresh = Δsum / Δcount. */
  encoderBatchSize: [histogram("encoder_batcher_batch_size"), histogram("encoder_batch_size")],
  /** Sequences waiting in the batcher's queue. */
  encoderQueueDepth: [gauge("encoder_batcher_queue_depth"), gauge("encoder_queue_depth"), gauge("encoder_batch_queue_depth")],
  /** Texts encoded: throughput = Δ / Δt. */
  encoderTexts: [counter("encoder_texts_total"), counter("encoder_texts")],
  /** Requests a service served (a counter, or a duration histogram's count): rate = Δ / Δt. */
  serverRequests: [
    counter("grpc_server_calls_total"),
    histogram("grpc_server_call_duration"),
    histogram("rpc_server_duration"),
    histogram("http_server_request_duration"),
  ],
} satisfies Record<string, readonly MetricName[]>;

/** Requests to these paths (health checks, scrapes) are not the service's work and are not counted. */
export const ignoredRequestPaths = ["/metrics", "/healthz", "/readyz", "/grpc.health.v1.Health/"];
