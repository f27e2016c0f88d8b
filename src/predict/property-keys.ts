/**
 * Feature names are free text ("Is it spam?", "名前"), but vendors restrict JSON Schema property
 * names and tool argument names (Anthropic and Gemini accept `^[a-zA-Z0-9_.-]{1,64}$`), so the
 * task schema uses safe keys and keeps the map back to the real names.
 */

const maxKeyLength = 64;
/** Room for a `_12` style suffix when two names clean up to the same key. */
const suffixRoom = 4;

function cleanKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // "Café" -> "Cafe" rather than "Caf_"
    .replace(/[^a-zA-Z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '') // also keeps "__proto__" from reaching an object as a key
    .slice(0, maxKeyLength - suffixRoom);
}

export interface PropertyKeyAllocator {
  /** A key for `name` that matches `^[a-zA-Z0-9_-]{1,64}$` and no earlier call returned. */
  allocate(name: string): string;
}

export function createPropertyKeyAllocator(): PropertyKeyAllocator {
  const used = new Set<string>();
  return {
    allocate(name) {
      const base = cleanKey(name) || 'feature';
      let key = base;
      for (let counter = 2; used.has(key.toLowerCase()); counter += 1) key = `${base}_${counter}`;
      // Compared case-blind: some vendors fold case in tool arguments, and two keys differing
      // only by case would confuse a model anyway.
      used.add(key.toLowerCase());
      return key;
    },
  };
}
