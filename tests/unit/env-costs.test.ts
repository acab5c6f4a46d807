import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';

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
});
