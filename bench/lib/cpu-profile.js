/**
 * Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes) into self-time tables: by function
 * and by package. Self time is where the samples landed, so it shows what to make cheaper;
 * "by package" shows whose code that is (the gateway's own files, an SDK, Node internals).
 * @see https://chromedevtools.github.io/devtools-protocol/tot/Profiler/#type-Profile
 */

/**
 * @typedef {object} CallFrame
 * @property {string} functionName
 * @property {string} url
 * @property {number} lineNumber zero-based
 */

/**
 * @typedef {object} ProfileNode
 * @property {number} id
 * @property {CallFrame} callFrame
 * @property {number[]} [children]
 */

/**
 * @typedef {object} CpuProfile
 * @property {ProfileNode[]} nodes
 * @property {number[]} samples node id per sample
 * @property {number[]} timeDeltas microseconds before each sample
 * @property {number} startTime microseconds on the monotonic clock (`process.hrtime`'s)
 */

/**
 * @typedef {object} SelfTime
 * @property {string} name
 * @property {string} where
 * @property {number} selfMs
 * @property {number} percent of all non-idle samples
 */

/**
 * Who owns a script: an npm package, a Node built-in, the gateway's own module, or V8's
 * pseudo-frames (`(garbage collector)`, `(program)`).
 * @param {CallFrame} frame
 */
export function ownerOf(frame) {
  const url = frame.url;
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node (built-in)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch?.[1] !== undefined) return packageMatch[1];
  const gatewayMatch = /\/[^/]*dist\/(.+)\.js$/.exec(url);
  if (gatewayMatch?.[1] !== undefined) return `gateway: src/${gatewayMatch[1]}.ts`;
  return url.replace(/^file:\/\//, '');
}

/** @param {CallFrame} frame */
function describeFrame(frame) {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  const owner = ownerOf(frame);
  const file = frame.url === '' ? '' : frame.url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '');
  const where = owner.startsWith('gateway: ') || frame.url === '' ? owner : `${file}:${frame.lineNumber + 1}`;
  return { name, where };
}

/**
 * @typedef {object} ProfileSummary
 * @property {number} sampledMs
 * @property {number} busyMs
 * @property {SelfTime[]} byFunction self time
 * @property {SelfTime[]} byOwner self time
 * @property {SelfTime[]} inclusiveByOwner time with the package's code anywhere on the stack
 *   (what it costs, Node internals it calls included)
 * @property {SelfTime[]} inclusiveGatewayFunctions the same for the gateway's own functions
 */

const idleFrames = new Set(['(idle)']);

/**
 * @param {CpuProfile} profile
 * @param {{ limit?: number, fromMicros?: number, toMicros?: number }} [options] `limit` rows per
 *   table; samples outside [fromMicros, toMicros] (the monotonic clock, as `process.hrtime` in
 *   any process on the machine reads it) are left out, so start-up and warm-up do not count
 * @returns {ProfileSummary}
 */
export function summariseProfile(profile, options = {}) {
  const limit = options.limit ?? 25;
  const from = options.fromMicros ?? Number.NEGATIVE_INFINITY;
  const to = options.toMicros ?? Number.POSITIVE_INFINITY;
  /** @type {Map<number, CallFrame>} */
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  /** @type {Map<string, { name: string, where: string, micros: number }>} */
  const byFunction = new Map();
  /** @type {Map<string, number>} */
  const byOwner = new Map();
  /** @type {Map<number, number>} */
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  /** @type {Map<string, number>} */
  const inclusiveOwners = new Map();
  /** @type {Map<string, { name: string, where: string, micros: number }>} */
  const inclusiveGateway = new Map();
  let sampled = 0;
  let busy = 0;
  let clock = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    clock += micros;
    if (clock < from || clock > to) return;
    const frame = frames.get(nodeId);
    sampled += micros;
    if (frame === undefined || idleFrames.has(frame.functionName)) return;
    busy += micros;
    const { name, where } = describeFrame(frame);
    const key = `${name}\u0000${where}`;
    const entry = byFunction.get(key) ?? { name, where, micros: 0 };
    entry.micros += micros;
    byFunction.set(key, entry);
    const owner = ownerOf(frame);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
    // Each owner and function counts once per sample however often it recurs on the stack.
    const seenOwners = new Set();
    const seenFunctions = new Set();
    for (let id = nodeId; id !== undefined; id = parents.get(id)) {
      const stackFrame = frames.get(id);
      if (stackFrame === undefined || stackFrame.functionName === '(root)') continue;
      const stackOwner = ownerOf(stackFrame);
      if (!seenOwners.has(stackOwner)) {
        seenOwners.add(stackOwner);
        inclusiveOwners.set(stackOwner, (inclusiveOwners.get(stackOwner) ?? 0) + micros);
      }
      if (stackOwner.startsWith('gateway: ')) {
        const described = describeFrame(stackFrame);
        const functionKey = `${described.name}\u0000${described.where}`;
        if (!seenFunctions.has(functionKey)) {
          seenFunctions.add(functionKey);
          const entry = inclusiveGateway.get(functionKey) ?? { ...described, micros: 0 };
          entry.micros += micros;
          inclusiveGateway.set(functionKey, entry);
        }
      }
    }
  });
  const toRow = (/** @type {string} */ name, /** @type {string} */ where, /** @type {number} */ micros) => ({
    name,
    where,
    selfMs: Math.round(micros / 100) / 10,
    percent: busy === 0 ? 0 : Math.round((micros / busy) * 1000) / 10,
  });
  return {
    sampledMs: Math.round(sampled / 1000),
    busyMs: Math.round(busy / 1000),
    byFunction: [...byFunction.values()]
      .sort((left, right) => right.micros - left.micros)
      .slice(0, limit)
      .map((entry) => toRow(entry.name, entry.where, entry.micros)),
    byOwner: [...byOwner.entries()]
      .sort((left, right) => right[1] - left[1])
      .slice(0, limit)
      .map(([owner, micros]) => toRow(owner, '', micros)),
    inclusiveByOwner: [...inclusiveOwners.entries()]
      .sort((left, right) => right[1] - left[1])
      .slice(0, limit)
      .map(([owner, micros]) => toRow(owner, '', micros)),
    inclusiveGatewayFunctions: [...inclusiveGateway.values()]
      .sort((left, right) => right.micros - left.micros)
      .slice(0, limit)
      .map((entry) => toRow(entry.name, entry.where, entry.micros)),
  };
}
