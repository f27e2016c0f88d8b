/**
 * What the bench sends: the gateway's config pointing every model at the mock vendor, the
 * Labelbox envelopes posted to the gateway, and the vendor-native requests posted straight to
 * the mock (and through the bare proxy). The native requests are the gateway's own `dry_run`
 * answers for the same envelopes, so all three paths carry the same bytes to the mock.
 */

import { PNG } from 'pngjs';

/** @typedef {import('./vendor-replies.js').Vendor} Vendor */
/** @typedef {import('./mock-vendor.js').Scenario} Scenario */

const upstreamModels = {
  openai: 'gpt-4o',
  // Not `claude-sonnet-4-5`: the Anthropic SDK prints a deprecation warning to stderr on every
  // call for that id, which would put a synchronous console write on the measured path.
  anthropic: 'claude-sonnet-4-6',
  gemini: 'gemini-2.5-flash',
};

/**
 * The alias of a vendor in a scenario: `openai`, `openai-long`, `openai-hold`.
 * @param {Vendor} vendor
 * @param {Scenario} scenario
 */
export function modelAlias(vendor, scenario = 'json') {
  return scenario === 'json' ? vendor : `${vendor}-${scenario}`;
}

/**
 * `base_url` in each SDK's own convention (SPEC §3), with the scenario as a path prefix.
 * @param {Vendor} vendor
 * @param {Scenario} scenario
 * @param {string} mockOrigin
 */
function baseUrl(vendor, scenario, mockOrigin) {
  return vendor === 'openai' ? `${mockOrigin}/${scenario}/v1` : `${mockOrigin}/${scenario}`;
}

/**
 * model.yaml for the gateway under test: keys set (no environment needed), no
 * `requests_per_second`, no retries (a failure must show up as one, not as a slow success).
 * @param {string} mockOrigin
 */
export function gatewayConfig(mockOrigin) {
  /** @type {string[]} */
  const models = [];
  for (const vendor of /** @type {const} */ (['openai', 'anthropic', 'gemini'])) {
    for (const scenario of /** @type {const} */ (['json', 'long', 'hold'])) {
      models.push(
        `  ${modelAlias(vendor, scenario)}: { provider: ${vendor}, model: ${upstreamModels[vendor]}, ` +
          `base_url: "${baseUrl(vendor, scenario, mockOrigin)}", api_key: bench-key, max_retries: 0 }`,
      );
    }
  }
  return ['name: foundry-gateway-bench', 'default_model: openai', 'models:', ...models, ''].join('\n');
}

/**
 * The mock's path for a vendor-native request.
 * @param {Vendor} vendor
 * @param {Scenario} scenario
 * @param {boolean} stream
 */
export function nativePath(vendor, scenario, stream) {
  switch (vendor) {
    case 'openai':
      return `/${scenario}/v1/chat/completions`;
    case 'anthropic':
      return `/${scenario}/v1/messages`;
    case 'gemini':
      return stream
        ? `/${scenario}/v1beta/models/${upstreamModels.gemini}:streamGenerateContent?alt=sse`
        : `/${scenario}/v1beta/models/${upstreamModels.gemini}:generateContent`;
    default:
      throw new Error(`unknown vendor ${String(vendor)}`);
  }
}

/**
 * The streamed form of a native body: OpenAI and Anthropic ask in the body (OpenAI with the
 * usage chunk the gateway also asks for); Gemini asks in the path.
 * @param {Vendor} vendor
 * @param {Record<string, unknown>} body
 */
export function streamedNativeBody(vendor, body) {
  if (vendor === 'openai') return { ...body, stream: true, stream_options: { include_usage: true } };
  if (vendor === 'anthropic') return { ...body, stream: true };
  return body;
}

const sentence =
  'The quarterly report lists revenue by region, the margin on each product line, and the hiring plan for the next two quarters. ';

/** @param {number} length */
function prose(length) {
  return sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length);
}

/**
 * @param {Record<string, unknown>} message
 */
function chatConversation(message) {
  return {
    type: 'application/vnd.labelbox.conversational.model-chat-evaluation',
    version: 2,
    actors: {
      u: { role: 'human', metadata: { name: 'User' } },
      m1: { role: 'model', metadata: { modelConfigName: 'Bench', modelConfigId: 'bench-model-1' } },
    },
    messages: {
      p1: { actorId: 'u', content: [{ type: 'text', content: prose(400) }], childMessageIds: ['r1'] },
      r1: { actorId: 'm1', content: [{ type: 'text', content: prose(300) }], childMessageIds: ['p2'] },
      p2: { actorId: 'u', ...message, childMessageIds: [] },
    },
    rootMessageIds: ['p1'],
  };
}

/**
 * A three-message chat carrying 1 KB of text (400 + 300 + 324 characters).
 * @param {string} alias
 * @param {Record<string, unknown>} [extraParams] e.g. `{ stream: true }` or `{ dry_run: true }`
 */
export function textChatEnvelope(alias, extraParams = {}) {
  const rowData = chatConversation({ content: [{ type: 'text', content: prose(324) }] });
  return { data_row: { row_data: rowData, global_key: 'bench-text' }, inference_params: { model: alias, ...extraParams } };
}

/**
 * The same chat whose last message also carries an image as an inline `data:` URL.
 * @param {string} alias
 * @param {string} imageDataUrl
 * @param {Record<string, unknown>} [extraParams]
 */
export function imageChatEnvelope(alias, imageDataUrl, extraParams = {}) {
  const rowData = chatConversation({
    content: [
      { type: 'text', content: 'What is in this picture?' },
      { type: 'image', url: imageDataUrl },
    ],
  });
  return { data_row: { row_data: rowData, global_key: 'bench-image' }, inference_params: { model: alias, ...extraParams } };
}

/**
 * A real PNG of about `targetBytes`: deterministic noise (which does not compress) stored with
 * deflate level 0, so the file size is the pixel data plus a little framing.
 * @param {number} targetBytes
 * @returns {Buffer}
 */
export function noisePng(targetBytes) {
  // Each row is one filter byte plus three bytes per RGB pixel.
  const side = Math.max(1, Math.floor((-1 + Math.sqrt(1 + 12 * targetBytes)) / 6));
  const png = new PNG({ width: side, height: side, colorType: 2, inputColorType: 6, deflateLevel: 0, filterType: 0 });
  let state = 0x9e3779b9;
  for (let index = 0; index < png.data.length; index += 4) {
    // xorshift32: cheap, repeatable noise.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    png.data[index] = state & 0xff;
    png.data[index + 1] = (state >>> 8) & 0xff;
    png.data[index + 2] = (state >>> 16) & 0xff;
    png.data[index + 3] = 0xff;
  }
  return PNG.sync.write(png, { colorType: 2, inputColorType: 6, deflateLevel: 0, filterType: 0 });
}
