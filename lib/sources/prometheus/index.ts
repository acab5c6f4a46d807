// Prometheus fed by NVIDIA dcgm-exporter, read through its HTTP API (PromQL).
export { PrometheusClient, type PrometheusApi } from './client';
export type { PrometheusConfig } from './config';
export type { KnownPodJob } from './jobs';
export { PrometheusSource } from './source';
