import { describe, expect, it } from 'vitest';
import type { ModelResult } from '../../src/cli/collect-result.js';
import { renderCompareTable, wrapText } from '../../src/cli/compare-table.js';

function result(overrides: Partial<ModelResult>): ModelResult {
  return {
    model: 'gpt',
    answeredBy: 'gpt',
    provider: 'openai',
    upstreamModel: 'gpt-4o',
    ok: true,
    httpStatus: 200,
    latencyMs: 812,
    timeToFirstTokenMs: 240,
    inputTokens: 34,
    outputTokens: 8,
    text: '3 + 3 = 6.',
    error: undefined,
    ...overrides,
  };
}

describe('wrapText', () => {
  it('wraps on word boundaries within the width', () => {
    expect(wrapText('the quick brown fox jumps', 10, 5)).toEqual(['the quick', 'brown fox', 'jumps']);
  });

  it('collapses newlines and runs of spaces', () => {
    expect(wrapText('one\n\ntwo   three\tfour', 40, 3)).toEqual(['one two three four']);
  });

  it('cuts after maxLines with an ellipsis that stays within the width', () => {
    expect(wrapText('aaaa bbbb cccc dddd', 4, 2)).toEqual(['aaaa', 'bbb…']);
    expect(wrapText('aa bb cc dd', 6, 1)).toEqual(['aa bb…']);
  });

  it('splits a word longer than a line', () => {
    expect(wrapText('https://example.com/very/long', 10, 5)).toEqual(['https://ex', 'ample.com/', 'very/long']);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(wrapText('😀😀😀 é', 4, 2)).toEqual(['😀😀😀', 'é']);
  });

  it('returns no lines for empty text and survives silly limits', () => {
    expect(wrapText('   ', 10, 3)).toEqual([]);
    expect(wrapText('ab', 0, 0)).toEqual(['…']);
  });
});

describe('renderCompareTable', () => {
  it('lines up a header, a rule and one row per model', () => {
    const table = renderCompareTable(
      [result({}), result({ model: 'claude', answeredBy: 'claude', provider: 'anthropic', latencyMs: 1290, timeToFirstTokenMs: 610, inputTokens: 14, outputTokens: 12, text: 'Hello! How can I help?' })],
      { width: 120, maxAnswerLines: 3 },
    );
    expect(table).toBe(
      [
        'model   provider   status  latency ms  first token ms  tokens in/out  answer',
        '------  ---------  ------  ----------  --------------  -------------  ----------------------',
        'gpt     openai     ok             812             240           34/8  3 + 3 = 6.',
        'claude  anthropic  ok            1290             610          14/12  Hello! How can I help?',
        '',
      ].join('\n'),
    );
  });

  it('shows errors with status, code and message, and dashes for what is unknown', () => {
    const failed = result({
      model: 'claude',
      answeredBy: undefined,
      provider: 'anthropic',
      ok: false,
      httpStatus: 502,
      timeToFirstTokenMs: undefined,
      inputTokens: undefined,
      outputTokens: undefined,
      text: '',
      error: { code: 'upstream_error', message: 'vendor said 400', details: [] },
    });
    const lines = renderCompareTable([failed]).split('\n');
    expect(lines[2]).toMatch(/^claude\s+anthropic\s+error 502\s+812\s+-\s+-\/-\s+upstream_error: vendor said 400$/);
  });

  it('marks an answer that came from a fallback and a request that never got an answer', () => {
    const lines = renderCompareTable([
      result({ model: 'claude', answeredBy: 'gpt' }),
      result({ model: 'x', provider: undefined, ok: false, httpStatus: 0, error: { code: 'request_failed', message: 'ECONNREFUSED', details: [] } }),
    ]).split('\n');
    expect(lines[2]).toContain('ok via gpt');
    expect(lines[3]).toMatch(/^x\s+-\s+failed\s+/);
  });

  it('wraps long answers under the answer column and cuts them after maxAnswerLines', () => {
    const long = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');
    const lines = renderCompareTable([result({ text: long }), result({ model: 'b' })], { width: 100, maxAnswerLines: 2 }).split('\n');
    expect(lines).toHaveLength(6);
    const answerColumn = (lines[0] ?? '').indexOf('answer');
    expect(lines[3]?.slice(0, answerColumn).trim()).toBe('');
    expect(lines[3]?.endsWith('…')).toBe(true);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(100);
    expect(lines[4]).toMatch(/^b\s+openai\s+ok/);
  });

  it('drops terminal control sequences from answers', () => {
    const table = renderCompareTable([result({ text: 'red \u001b[31malert\u001b[0m done' })]);
    expect(table).not.toContain('\u001b');
    expect(table).toContain('red [31malert[0m done');
  });

  it('says so when the answer is empty', () => {
    expect(renderCompareTable([result({ text: '' })])).toContain('(empty answer)');
  });
});
