export { createGatewayApp, type GatewayApp } from './app.js';
export { gatewayConfig, gatewayHelp, gatewaySchema, loadGatewayConfig, parseGatewayConfig, type GatewayConfig } from './config.js';
export {
  ClientGoneError, GatewayTimeoutError, NoBackendAvailableError, StreamInterruptedError, UpstreamUnavailableError,
} from './gateway-errors.js';
export { startGateway, type GatewayOptions, type RunningGateway } from './start-gateway.js';
