export * from './errors.js';
export { errorMiddleware, type ErrorReporter } from './error-middleware.js';
export { writeErrorResponse } from './error-response.js';
export {
  ClientClosedRequestError, isJsonContentType, readJsonBody, readJsonRequest, type JsonBodyLimits, type JsonRequestBody,
} from './json-body.js';
export { exceedsJsonDepth } from './json-depth.js';
export { checkNumericParams } from './numeric-params.js';
export * from './request-fields.js';
export { acceptRequestId, getRequestId, requestIdHeader, requestIdMiddleware } from './request-id.js';
export { routeFallback } from './route-fallback.js';
export { SseWriter } from './sse-writer.js';
export { Readiness, addHealthRoutes, type ReadinessState } from './readiness.js';
export { createApiApp, type ApiAppOptions } from './api-app.js';
export { registerProcessCpu } from './process-cpu-metric.js';
export { ListenError, startServer, type RunningServer, type ServerOptions } from './http-server.js';
export { BucketHistogram, HistogramSeries } from './bucket-histogram.js';
export { collectedCounter, type CounterSamples } from './collected-counter.js';
