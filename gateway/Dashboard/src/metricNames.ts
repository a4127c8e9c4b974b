// Every metric the dashboard reads from the services' /metrics, in one place. Each quantity lists the
// metric family names it may have, first found wins: our own exporter's names and OpenTelemetry's
// Prometheus exporter's (instrument "encoder.batcher.batch_size" becomes encoder_batcher_batch_size,
// a counter gets _total, a unit in seconds _seconds). A name matches a family of that name or one
// that continues it with "_" (a unit suffix).

export const metricNames = {
  /** Sequences per batch run (histogram): mean over the last refresh = Δsum / Δcount. */
  encoderBatchSize: ["encoder_batcher_batch_size", "encoder_batch_size"],
  /** Sequences waiting in the batcher's queue (gauge). */
  encoderQueueDepth: ["encoder_batcher_queue_depth", "encoder_queue_depth", "encoder_batch_queue_depth"],
  /** Texts encoded (counter): throughput = Δ / Δt. */
  encoderTexts: ["encoder_texts_total", "encoder_texts"],
  /** Requests a service served (counter, or a duration histogram's count): rate = Δ / Δt. */
  serverRequests: ["grpc_server_calls_total", "grpc_server_calls", "rpc_server_duration", "rpc_server_call_duration", "http_server_request_duration_seconds", "http_server_request_duration"],
} as const;

/** Requests to these paths (health checks, scrapes) are not the service's work and are not counted. */
export const ignoredRequestPaths = ["/metrics", "/healthz", "/readyz", "/grpc.health.v1.Health/"];
