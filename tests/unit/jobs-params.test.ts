import { describe, expect, it } from 'vitest';
import { parseId } from '@/lib/ids';
import { activeFilters, jobListQuery, parseJobListParams } from '@/lib/queries/jobs/params';

const parse = (query: string) => parseJobListParams(new URLSearchParams(query));

describe('jobs list parameters', () => {
  it('defaults to every job, newest first, 50 a page', () => {
    expect(parse('')).toEqual({
      params: {
        team: [],
        project: [],
        kind: [],
        state: [],
        health: [],
        partition: [],
        q: '',
        sort: 'age',
        dir: 'asc',
        page: 1,
        pageSize: 50,
      },
      issues: [],
    });
  });

  it('reads lists given as repeats or commas, once each, and a search whole', () => {
    const { params } = parse('state=running,failed&state=running&team=eval&q=%20a,b%20');
    expect(params).toMatchObject({ state: ['running', 'failed'], team: ['eval'], q: 'a,b' });
  });

  it('reads partitions as any other list, keeping their names as written', () => {
    const { params } = parse('partition=gpu-a100,H100-spot&partition=gpu-a100');
    expect(params.partition).toEqual(['gpu-a100', 'H100-spot']);
    expect(jobListQuery({}, params)).toBe('partition=gpu-a100%2CH100-spot');
    expect(activeFilters(params)).toEqual([{ key: 'partition', values: ['gpu-a100', 'H100-spot'] }]);
  });

  it('reads a record of search params as Next hands them to a page', () => {
    const { params } = parseJobListParams({ health: ['stalled', 'degraded'], sort: 'cost', page: '3' });
    expect(params).toMatchObject({ health: ['stalled', 'degraded'], sort: 'cost', dir: 'desc', page: 3 });
  });

  it('gives each sort its natural direction unless one is asked for', () => {
    expect(parse('sort=gpus').params.dir).toBe('desc');
    expect(parse('sort=name').params.dir).toBe('asc');
    expect(parse('sort=gpus&dir=asc').params.dir).toBe('asc');
  });

  it('writes back only what differs from the defaults, keeping the time range', () => {
    const { params } = parse('team=eval&sort=cost&dir=desc&page=2');
    expect(jobListQuery(new URLSearchParams('range=7d&page=5'), params)).toBe(
      'range=7d&team=eval&sort=cost&dir=desc&page=2',
    );
    expect(jobListQuery({ range: '24h' }, parse('sort=age&dir=asc').params)).toBe('range=24h');
  });

  it('lists the filters in effect', () => {
    expect(activeFilters(parse('team=eval&health=stalled,degraded&q=mmlu').params)).toEqual([
      { key: 'team', values: ['eval'] },
      { key: 'health', values: ['stalled', 'degraded'] },
      { key: 'q', values: ['mmlu'] },
    ]);
  });

  it('takes job ids that are positive whole numbers only', () => {
    expect(parseId('42')).toBe(42);
    expect(parseId('2147483647')).toBe(2147483647);
    for (const bad of ['0', '-1', '1.5', '042', 'abc', '2147483648', '99999999999999999999', '', '1\u0000'])
      expect(parseId(bad)).toBeNull();
  });
});
