import { describe, expect, it } from 'vitest';
import { EnvError, exporterHost, parseEnv, webHost } from '@/lib/env';

describe('the settings of costs and reports', () => {
  it('default to Monday 08:00 and no SMTP server', () => {
    const env = parseEnv({});
    expect(env.FLEET_REPORT_SCHEDULE).toBe('0 8 * * 1');
    expect(env.FLEET_SMTP_URL).toBeUndefined();
    expect(env.FLEET_SMTP_FROM).toBe('Fleet Console <fleet-console@localhost>');
  });

  it('take a cron schedule and an smtp or smtps URL', () => {
    const env = parseEnv({ FLEET_REPORT_SCHEDULE: '30 7 * * 1', FLEET_SMTP_URL: 'smtps://u:p@mail.example.com:465' });
    expect(env.FLEET_REPORT_SCHEDULE).toBe('30 7 * * 1');
    expect(env.FLEET_SMTP_URL).toBe('smtps://u:p@mail.example.com:465');
  });

  it('name a bad one and stop', () => {
    expect(() => parseEnv({ FLEET_REPORT_SCHEDULE: 'every monday' })).toThrow(EnvError);
    expect(() => parseEnv({ FLEET_REPORT_SCHEDULE: 'every monday' })).toThrow(/FLEET_REPORT_SCHEDULE: must be a cron/);
    expect(() => parseEnv({ FLEET_SMTP_URL: 'http://mail.example.com' })).toThrow(/FLEET_SMTP_URL/);
  });

  it('refuse a schedule of five fields that no clock reaches, or of six', () => {
    expect(() => parseEnv({ FLEET_REPORT_SCHEDULE: '0 25 * * 1' })).toThrow(/FLEET_REPORT_SCHEDULE: must be a cron/);
    expect(() => parseEnv({ FLEET_REPORT_SCHEDULE: '0 8 * 13 1' })).toThrow(/FLEET_REPORT_SCHEDULE: must be a cron/);
    expect(() => parseEnv({ FLEET_REPORT_SCHEDULE: '0 0 8 * * 1' })).toThrow(/FLEET_REPORT_SCHEDULE: must be a cron/);
    expect(parseEnv({ FLEET_REPORT_SCHEDULE: '0 8 * * mon-fri' }).FLEET_REPORT_SCHEDULE).toBe('0 8 * * mon-fri');
  });
});

describe('the settings of the processes', () => {
  it('keep 10 database connections and listen on every address unless told, the exporter on this machine', () => {
    const env = parseEnv({});
    expect(env.FLEET_DB_POOL).toBe(10);
    expect(webHost(env)).toBe('0.0.0.0');
    expect(exporterHost(env)).toBe('127.0.0.1');
    const set = parseEnv({ FLEET_DB_POOL: '25', FLEET_HOST: '10.0.0.5' });
    expect(set.FLEET_DB_POOL).toBe(25);
    expect([webHost(set), exporterHost(set)]).toEqual(['10.0.0.5', '10.0.0.5']);
    expect(() => parseEnv({ FLEET_DB_POOL: 'many' })).toThrow(/FLEET_DB_POOL/);
  });
});
