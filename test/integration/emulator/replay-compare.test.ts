// The replay comparator must catch what it claims to: a response equal to the recording passes, and each kind
// of deviation (status, missing or extra async header, body shape, protocol state, empty body) is reported.
import { describe, expect, it } from 'vitest';
import type { RawResponse } from './harness.ts';
import { compareExchange, loadRecording } from './replay.ts';
import type { RecordedExchange } from './replay.ts';

function asResponse(expected: RecordedExchange): RawResponse {
  const headers: Record<string, string> = {};
  for (const name of expected.response.headers) headers[name.replace(/\*$/, 'reads')] = 'x';
  const text = expected.response.body === null ? '' : JSON.stringify(expected.response.body);
  return { status: expected.response.status, headers, text, json: expected.response.body ?? undefined };
}

const vnetCreate = loadRecording('network-vnet-create');
const put = vnetCreate.exchanges[0] as RecordedExchange;
const poll = vnetCreate.exchanges[1] as RecordedExchange;
const vnetDelete = loadRecording('network-vnet-delete').exchanges[0] as RecordedExchange;

describe('replay comparator', () => {
  it('accepts a response identical to the recording', () => {
    for (const exchange of [put, poll, vnetDelete]) expect(compareExchange(0, { expected: exchange, actual: asResponse(exchange), url: '' })).toEqual([]);
  });

  it('reports a different status, a missing header and an async header real ARM does not send', () => {
    const actual = asResponse(poll);
    actual.status = 202;
    delete actual.headers['x-ms-request-id'];
    actual.headers['location'] = 'https://127.0.0.1/op';
    const problems = compareExchange(1, { expected: poll, actual, url: '' });
    expect(problems).toEqual([
      expect.stringContaining('status: expected 200, got 202'),
      expect.stringContaining('header x-ms-request-id: missing'),
      expect.stringContaining('header location: present'),
    ]);
  });

  it('reports missing keys, wrong types, wrong states and a non-empty body where real ARM sends none', () => {
    const actual = asResponse(put);
    const body = structuredClone(put.response.body) as { etag?: string; properties: Record<string, unknown> };
    delete body.etag;
    body.properties['subnets'] = {};
    body.properties['provisioningState'] = 'Succeeded';
    actual.json = body;
    const problems = compareExchange(0, { expected: put, actual, url: '' });
    expect(problems).toEqual([
      expect.stringContaining('body.etag: missing'),
      expect.stringContaining('body.properties.subnets: expected array, got object'),
      expect.stringContaining('expected a non-terminal state like Updating, got Succeeded'),
    ]);

    const withBody = asResponse(vnetDelete);
    withBody.text = '{}';
    expect(compareExchange(0, { expected: vnetDelete, actual: withBody, url: '' })).toEqual([expect.stringContaining('body: expected empty')]);
  });
});
