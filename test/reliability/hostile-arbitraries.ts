/**
 * fast-check arbitraries for hostile input (issue 6 §5): Labelbox envelopes, chat-evaluation
 * conversations (both random and nearly valid trees), ontologies and inference params, with ids
 * and names such as `__proto__`, `constructor` and `toString`, CR/LF, invalid base64, and URLs
 * only to blocked loopback addresses so no fuzz run can reach the network.
 */

import fc from 'fast-check';

/** Keys that collide with `Object.prototype` or are otherwise awkward as map keys. */
export const trickyKeys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '', ' ', '0', 'length'];

export const trickyKey = fc.constantFrom(...trickyKeys);
export const anyId = fc.oneof(trickyKey, fc.string({ maxLength: 8 }));

/** Strings with line breaks, NULs and other control characters mixed in. */
export const crlfString = fc
  .array(fc.oneof(fc.constantFrom('\r', '\n', '\r\n', '\u0000', '\u2028', ':', 'x-evil: 1', 'echo'), fc.string({ maxLength: 4 })), {
    maxLength: 6,
  })
  .map((pieces) => pieces.join(''));

/** An object with exactly these own keys (`__proto__` included: `fromEntries` defines, never sets). */
function objectOf<T>(key: fc.Arbitrary<string>, value: fc.Arbitrary<T>, maxLength = 5): fc.Arbitrary<Record<string, T>> {
  return fc.array(fc.tuple(key, value), { maxLength }).map((entries) => Object.fromEntries(entries));
}

/** Loopback and link-local addresses: blocked without `allow_private_networks`, no DNS, no traffic. */
const blockedUrl = fc.constantFrom(
  'http://127.0.0.1:9/a.png',
  'https://169.254.169.254/latest/meta-data',
  'http://[::1]:9/x.pdf',
  'http://10.0.0.1/x.mp3',
  'file:///etc/passwd',
  'gopher://127.0.0.1/',
  'not a url',
);

const invalidBase64 = fc.oneof(
  fc.constantFrom('!!!!', '====', 'iVBORw0KGgo', 'data:image/png;base64,@@@', 'data:;base64,', 'a'.repeat(3), '\r\n'),
  fc.string({ maxLength: 12 }),
  fc.base64String({ maxLength: 16 }),
);

const mimeType = fc.constantFrom('image/png', 'image/jpeg', 'application/pdf', 'audio/wav', 'video/mp4', 'text/html', 'x/y', '', 'image/png\r\nx: y');

export const contentItem: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ type: fc.constant('text'), content: fc.oneof(fc.string(), crlfString, fc.jsonValue({ maxDepth: 2 })) }),
  fc.record(
    {
      type: fc.constantFrom('image', 'video', 'audio', 'pdf', 'document', 'file', 'fileData', 'html', 'IMAGE_OVERLAY', 'bogus', '__proto__'),
      data: invalidBase64,
      url: blockedUrl,
      uri: blockedUrl,
      fileUri: blockedUrl,
      content: fc.string(),
      mimeType,
    },
    { requiredKeys: ['type'] },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

const actor = fc.record(
  {
    role: fc.constantFrom('human', 'model', 'system', 'bogus'),
    metadata: fc.oneof(
      fc.record({ name: fc.string(), modelConfigName: fc.string(), modelConfigId: anyId }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  },
  { requiredKeys: [] },
);

const message = fc.record(
  {
    actorId: fc.oneof(anyId, fc.jsonValue({ maxDepth: 1 })),
    content: fc.oneof(fc.array(contentItem, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
    childMessageIds: fc.oneof(fc.array(anyId, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
  },
  { requiredKeys: [] },
);

export const chatType = 'application/vnd.labelbox.conversational.model-chat-evaluation';

/** Anything shaped roughly like a conversation: random maps, dangling ids, cycles. */
export const randomConversation = fc.record(
  {
    type: fc.constantFrom(chatType, 'bogus'),
    version: fc.constantFrom(2, 1, '2', null),
    actors: fc.oneof(objectOf(anyId, actor), fc.jsonValue({ maxDepth: 2 })),
    messages: fc.oneof(objectOf(anyId, message), fc.jsonValue({ maxDepth: 2 })),
    rootMessageIds: fc.oneof(fc.array(anyId, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
  },
  { requiredKeys: [] },
);

/**
 * A nearly valid tree: a chain of messages under tricky ids, alternating a human actor and a
 * model actor (also under tricky ids), ending on a human; sometimes with an extra child that
 * points back up the chain (a cycle) or nowhere.
 */
export const chainConversation = fc
  .record({
    ids: fc.uniqueArray(anyId, { minLength: 1, maxLength: 5 }),
    humanId: anyId,
    modelId: anyId,
    texts: fc.array(fc.oneof(fc.string(), crlfString), { minLength: 5, maxLength: 5 }),
    extraChild: fc.option(anyId, { nil: undefined }),
    items: fc.array(contentItem, { maxLength: 2 }),
  })
  .map(({ ids, humanId, modelId, texts, extraChild, items }) => {
    const messages = ids.map((id, index): [string, unknown] => {
      const next = ids[index + 1];
      const children = next === undefined ? [] : [next];
      if (extraChild !== undefined && index === 0) children.push(extraChild);
      const human = (ids.length - 1 - index) % 2 === 0;
      const text = { type: 'text', content: texts[index] ?? '' };
      return [id, { actorId: human ? humanId : modelId, content: index === 0 ? [text, ...items] : [text], childMessageIds: children }];
    });
    return {
      type: chatType,
      version: 2,
      actors: Object.fromEntries([
        [modelId, { role: 'model', metadata: { modelConfigName: 'Echo', modelConfigId: modelId } }],
        [humanId, { role: 'human', metadata: { name: 'User' } }],
      ]),
      messages: Object.fromEntries(messages),
      rootMessageIds: ids.slice(0, 1),
    };
  });

/** Mostly the valid choice, sometimes anything at all. */
function mostly<T>(valid: fc.Arbitrary<T>, weight = 15): fc.Arbitrary<unknown> {
  return fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
}

const featureName = fc.oneof(trickyKey, fc.string({ minLength: 1, maxLength: 10 }), crlfString).filter((name) => name.trim() !== '');
const classificationKind = fc.constantFrom('text', 'radio', 'checklist', 'radio', 'checklist', 'prompt', 'response-radio', 'bogus');
const toolKind = fc.constantFrom('named-entity', 'named-entity', 'rectangle', 'polygon', 'point', 'line', 'raster-segmentation', 'bogus');

function classification(nested: fc.Arbitrary<unknown[]>): fc.Arbitrary<unknown> {
  const option = fc.record(
    { value: mostly(featureName), label: mostly(fc.string({ maxLength: 6 })), options: nested },
    { requiredKeys: ['value'] },
  );
  return fc.record(
    {
      type: mostly(classificationKind),
      name: mostly(featureName),
      instructions: fc.oneof(fc.string({ maxLength: 10 }), crlfString),
      required: mostly(fc.boolean()),
      options: mostly(fc.array(fc.oneof({ weight: 4, arbitrary: option }, { weight: 1, arbitrary: featureName }), { minLength: 1, maxLength: 3 })),
      scope: fc.constantFrom('global', 'index'),
    },
    { requiredKeys: ['type', 'name', 'options'] },
  );
}

/** Classifications two levels deep (an option's nested classification has options of its own). */
const leafClassification = classification(fc.constant([]));
const anyClassification = classification(fc.array(leafClassification, { maxLength: 1 }));

const tool = fc.record(
  { tool: mostly(toolKind), name: mostly(featureName), classifications: mostly(fc.array(leafClassification, { maxLength: 1 })) },
  { requiredKeys: ['tool', 'name'] },
);

export const ontology = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        tools: mostly(fc.array(tool, { maxLength: 2 })),
        classifications: mostly(fc.array(anyClassification, { minLength: 1, maxLength: 3 })),
        media_type: fc.constantFrom('TEXT', 'IMAGE', 'bogus'),
      },
      { requiredKeys: ['classifications'] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string().map((text) => `{"tools": ${text}`) },
);

/** `inference_params`: the known keys, mostly with valid values, sometimes with anything. */
export function inferenceParams(models: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      model: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...models) }, { weight: 1, arbitrary: crlfString }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }),
      temperature: mostly(fc.double({ min: 0, max: 2, noNaN: true })),
      top_p: mostly(fc.double({ min: 0, max: 1, noNaN: true })),
      max_tokens: mostly(fc.integer({ min: 1, max: 100_000 })),
      seed: mostly(fc.integer()),
      stop: mostly(fc.oneof(crlfString, fc.array(crlfString, { maxLength: 5 }))),
      system_prompt: mostly(crlfString),
      stream: mostly(fc.constant(false)),
      dry_run: mostly(fc.boolean()),
      use_attachments: mostly(fc.boolean()),
      model_config_name: mostly(fc.oneof(trickyKey, fc.string())),
      prompt: mostly(crlfString),
      confidence: mostly(fc.double({ min: 0, max: 1, noNaN: true })),
      constructor: fc.jsonValue({ maxDepth: 2 }),
      unknown_key: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: ['model'] },
  );
}

/** A whole envelope, each part sometimes sent as a JSON string as Labelbox may. */
export function envelope(models: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const maybeString = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    fc.oneof(value, value.map((inner) => JSON.stringify(inner) ?? 'null'));
  return fc.record(
    {
      data_row: fc.oneof(
        { weight: 5, arbitrary: fc.record(
          {
            row_data: fc.oneof(maybeString(chainConversation), maybeString(randomConversation), fc.string(), blockedUrl, fc.jsonValue({ maxDepth: 2 })),
            global_key: mostly(fc.string()),
            attachments: mostly(
              fc.array(
                fc.record({ type: mostly(fc.constantFrom('IMAGE', 'RAW_TEXT', 'PDF_URL', 'bogus')), value: mostly(fc.oneof(blockedUrl, fc.string())) }),
                { maxLength: 2 },
              ),
            ),
          },
          { requiredKeys: ['row_data'] },
        ) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
      ),
      ontology: maybeString(ontology),
      inference_params: maybeString(inferenceParams(models)),
    },
    { requiredKeys: ['data_row'] },
  );
}
