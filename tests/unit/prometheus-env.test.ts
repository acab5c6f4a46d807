import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';
import { PrometheusSource } from '@/lib/sources/prometheus/source';
import { prometheusConfig } from '@/lib/worker/prometheus-session';

const failure = (vars: Record<string, string>) => {
  try {
    parseEnv(vars);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error('expected the environment to be refused');
};

describe('the Prometheus settings', () => {
  it('default to the simulator, and to a 60 s scrape, a 10 s timeout and on-demand pools for Prometheus', () => {
    expect(parseEnv({}).FLEET_SOURCE).toBe('simulator');
    const env = parseEnv({ FLEET_SOURCE: 'prometheus', PROMETHEUS_URL: 'http://prometheus:9090' });
    expect(env).toMatchObject({
      PROMETHEUS_STEP_SECONDS: 60,
      PROMETHEUS_TIMEOUT_SECONDS: 10,
      PROMETHEUS_PRICING_CLASS: 'on_demand',
      PROMETHEUS_CLUSTER_NAME: 'gpu-cluster',
    });
    expect(env.FLEET_SIM_EXPORTER_PORT).toBeUndefined();
  });

  it('require PROMETHEUS_URL when FLEET_SOURCE=prometheus, and an http(s) URL without credentials', () => {
    expect(failure({ FLEET_SOURCE: 'prometheus' })).toContain(
      'PROMETHEUS_URL: is required when FLEET_SOURCE=prometheus',
    );
    expect(failure({ PROMETHEUS_URL: 'prometheus:9090' })).toContain('PROMETHEUS_URL: must be an http(s) URL');
    expect(failure({ PROMETHEUS_URL: 'http://u:p@prometheus:9090' })).toContain('must not hold credentials');
    expect(failure({ FLEET_SOURCE: 'kubernetes-someday' })).toContain('FLEET_SOURCE');
  });

  it('take a bearer token or basic auth, not both, and a username only with a password', () => {
    const url = { FLEET_SOURCE: 'prometheus', PROMETHEUS_URL: 'https://thanos.example/' };
    expect(parseEnv({ ...url, PROMETHEUS_BEARER_TOKEN: 't' }).PROMETHEUS_BEARER_TOKEN).toBe('t');
    expect(parseEnv({ ...url, PROMETHEUS_USERNAME: 'u', PROMETHEUS_PASSWORD: 'p' }).PROMETHEUS_USERNAME).toBe('u');
    expect(
      failure({ ...url, PROMETHEUS_BEARER_TOKEN: 't', PROMETHEUS_USERNAME: 'u', PROMETHEUS_PASSWORD: 'p' }),
    ).toContain(
      'PROMETHEUS_BEARER_TOKEN: set either a bearer token or PROMETHEUS_USERNAME/PROMETHEUS_PASSWORD, not both',
    );
    expect(failure({ ...url, PROMETHEUS_USERNAME: 'u' })).toContain(
      'PROMETHEUS_PASSWORD: is required with PROMETHEUS_USERNAME',
    );
  });

  it('check the numbers and the pricing class', () => {
    expect(failure({ PROMETHEUS_STEP_SECONDS: '0' })).toContain('PROMETHEUS_STEP_SECONDS');
    expect(failure({ PROMETHEUS_TIMEOUT_SECONDS: 'soon' })).toContain('PROMETHEUS_TIMEOUT_SECONDS');
    expect(failure({ PROMETHEUS_PRICING_CLASS: 'cheap' })).toContain('PROMETHEUS_PRICING_CLASS');
    expect(failure({ FLEET_SIM_EXPORTER_PORT: '70000' })).toContain('FLEET_SIM_EXPORTER_PORT');
    expect(parseEnv({ FLEET_SIM_EXPORTER_PORT: '9400' }).FLEET_SIM_EXPORTER_PORT).toBe(9400);
  });

  it('read a minute 30 s after it ends, a scrape interval + 10 s if longer, or after the delay set', () => {
    const url = { FLEET_SOURCE: 'prometheus', PROMETHEUS_URL: 'http://prometheus:9090' };
    const lagMs = (vars: Record<string, string>) =>
      new PrometheusSource(prometheusConfig(parseEnv({ ...url, ...vars })).prometheus).lagMs;
    expect(lagMs({ PROMETHEUS_STEP_SECONDS: '15' })).toBe(30_000);
    expect(lagMs({ PROMETHEUS_STEP_SECONDS: '60' })).toBe(70_000);
    // A store fed by remote write shows a minute later: its operator sets the delay.
    expect(lagMs({ PROMETHEUS_STEP_SECONDS: '15', PROMETHEUS_READ_DELAY_SECONDS: '90' })).toBe(90_000);
    expect(lagMs({ PROMETHEUS_STEP_SECONDS: '1', PROMETHEUS_READ_DELAY_SECONDS: '3' })).toBe(3_000);
    expect(failure({ PROMETHEUS_READ_DELAY_SECONDS: '-1' })).toContain('PROMETHEUS_READ_DELAY_SECONDS');
  });
});
