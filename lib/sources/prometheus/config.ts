// How the Prometheus source is reached and what it assumes about the cluster behind it.
import type { PricingClass } from '@/lib/domain/enums';

export interface PrometheusAuth {
  bearerToken?: string;
  username?: string;
  password?: string;
}

export interface PrometheusConfig extends PrometheusAuth {
  /** Base URL of the HTTP API: Prometheus, or Thanos Query, Mimir or VictoriaMetrics under their Prometheus path. */
  url: string;
  timeoutMs: number;
  /** How often Prometheus scrapes dcgm-exporter, in seconds: it sets the read windows and how long to wait for a minute. */
  scrapeSeconds: number;
  /**
   * How long after a period ends it is read, in seconds: by default the larger of 30 and a scrape interval plus 10,
   * which suits stores that show the newest samples late (VictoriaMetrics by 30 s). A Prometheus that scrapes every
   * second or two holds a minute a few seconds after it ends.
   */
  readDelaySeconds?: number;
  /** The pricing class of the pools the source names after GPU models. */
  pricingClass: PricingClass;
  clusterName: string;
  /** One job per pod when no scheduler source supplies jobs (see jobs.ts). Default true. */
  synthesizeJobs?: boolean;
}

/** The base URL without a trailing slash, and without credentials should a message print it. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    return url;
  }
}
