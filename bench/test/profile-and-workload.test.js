// The CPU profile summary (self and inclusive time, the measured window) and what the bench
// sends: the gateway config, the envelopes, the 5 MB PNG. Run with `node --test bench/test/`.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { PNG } from 'pngjs';
import { parse } from 'yaml';
import { ownerOf, summariseProfile } from '../lib/cpu-profile.js';
import { gatewayConfig, imageChatEnvelope, modelAlias, noisePng, textChatEnvelope } from '../lib/workload.js';

const frame = (functionName, url = '') => ({ functionName, url, lineNumber: 0, columnNumber: 0, scriptId: '0' });

/**
 * root -> handle (gateway) -> stringify (openai) ; root -> (idle) ; root -> (garbage collector)
 * Samples every 1000 µs from startTime 5000.
 */
const profile = {
  startTime: 5000,
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4, 5] },
    { id: 2, callFrame: frame('handle', 'file:///srv/dist/http/relay-reply.js'), children: [3] },
    { id: 3, callFrame: frame('stringify', 'file:///srv/node_modules/openai/client.mjs'), children: [] },
    { id: 4, callFrame: frame('(idle)'), children: [] },
    { id: 5, callFrame: frame('(garbage collector)'), children: [] },
  ],
  samples: [3, 3, 3, 2, 4, 4, 5, 3],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe('ownerOf', () => {
  it('names packages, built-ins, the gateway and V8 pseudo-frames', () => {
    assert.equal(ownerOf(frame('f', 'file:///x/node_modules/@anthropic-ai/sdk/client.mjs')), '@anthropic-ai/sdk');
    assert.equal(ownerOf(frame('f', 'node:internal/streams/readable')), 'node (built-in)');
    assert.equal(ownerOf(frame('f', 'file:///x/dist/attachments/base64.js')), 'gateway: src/attachments/base64.ts');
    assert.equal(ownerOf(frame('(program)')), '(program)');
  });
});

describe('summariseProfile', () => {
  it('adds self time per function and package, idle left out', () => {
    const summary = summariseProfile(profile);
    assert.equal(summary.sampledMs, 8);
    assert.equal(summary.busyMs, 6);
    assert.deepEqual(
      summary.byFunction.map((row) => [row.name, row.selfMs, row.percent]),
      [
        ['stringify', 4, 66.7],
        ['handle', 1, 16.7],
        ['(garbage collector)', 1, 16.7],
      ],
    );
    assert.deepEqual(summary.byOwner[0], { name: 'openai', where: '', selfMs: 4, percent: 66.7 });
  });

  it('counts a caller inclusively for its callees', () => {
    const summary = summariseProfile(profile);
    const gateway = summary.inclusiveByOwner.find((row) => row.name === 'gateway: src/http/relay-reply.ts');
    assert.equal(gateway?.selfMs, 5);
    assert.equal(summary.inclusiveGatewayFunctions[0]?.name, 'handle');
  });

  it('keeps only the samples inside the window', () => {
    // Sample times are 6000, 7000, ... 13000.
    const summary = summariseProfile(profile, { fromMicros: 8500, toMicros: 12500 });
    assert.equal(summary.sampledMs, 4);
    assert.equal(summary.busyMs, 2);
  });
});

describe('gatewayConfig', () => {
  const config = parse(gatewayConfig('http://127.0.0.1:9'));

  it('points every vendor and scenario at the mock in its SDK convention', () => {
    assert.equal(Object.keys(config.models).length, 9);
    assert.equal(config.models.openai.base_url, 'http://127.0.0.1:9/json/v1');
    assert.equal(config.models[modelAlias('anthropic', 'long')].base_url, 'http://127.0.0.1:9/long');
    assert.equal(config.models[modelAlias('gemini', 'hold')].base_url, 'http://127.0.0.1:9/hold');
    assert.equal(config.requests_per_second, undefined);
    for (const model of Object.values(config.models)) assert.equal(model.max_retries, 0);
  });

  const dist = process.env.BENCH_DIST ?? resolve(fileURLToPath(new URL('../..', import.meta.url)), 'dist');
  it('is a configuration the built gateway accepts', { skip: !existsSync(join(dist, 'config', 'load-config.js')) }, async () => {
    const { parseConfig } = await import(pathToFileURL(join(dist, 'config', 'load-config.js')).href);
    assert.equal(parseConfig(gatewayConfig('http://127.0.0.1:9'), 'bench.yaml').default_model, 'openai');
  });
});

describe('envelopes', () => {
  it('carry 1 KB of chat text', () => {
    const messages = textChatEnvelope('openai').data_row.row_data.messages;
    const text = Object.values(messages).flatMap((message) => message.content.map((item) => item.content));
    assert.equal(text.join('').length, 1024);
  });

  it('put the image in the last human message as a data: URL', () => {
    const envelope = imageChatEnvelope('gemini', 'data:image/png;base64,AAAA', { stream: true });
    assert.deepEqual(envelope.data_row.row_data.messages.p2.content[1], { type: 'image', url: 'data:image/png;base64,AAAA' });
    assert.deepEqual(envelope.inference_params, { model: 'gemini', stream: true });
  });
});

describe('noisePng', () => {
  it('is a real PNG within 0.1% of the size asked for', () => {
    const png = noisePng(1_000_000);
    assert.ok(Math.abs(png.length - 1_000_000) < 1_000, `size ${png.length}`);
    const decoded = PNG.sync.read(png);
    assert.equal(decoded.width, decoded.height);
  });
});
