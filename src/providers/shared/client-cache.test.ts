import { describe, expect, it } from 'vitest';
import { target } from '../../../test/support/conversations.js';
import { ClientCache } from './client-cache.js';

describe('ClientCache', () => {
  it('reuses the client of an alias until its base URL, key or timeout changes', () => {
    const cache = new ClientCache<{ readonly built: number }>();
    let built = 0;
    const build = (): { readonly built: number } => ({ built: ++built });
    const model = target('openai', 'gpt-4o', { baseUrl: 'http://a', timeoutMs: 1000 });

    const first = cache.get(model, 'k1', build);
    expect(cache.get({ ...model }, 'k1', build)).toBe(first);
    expect(cache.get({ ...model, baseUrl: 'http://b' }, 'k1', build)).toEqual({ built: 2 });
    expect(cache.get({ ...model, baseUrl: 'http://b' }, 'k2', build)).toEqual({ built: 3 });
    expect(cache.get({ ...model, baseUrl: 'http://b', timeoutMs: 2000 }, 'k2', build)).toEqual({ built: 4 });
    expect(cache.get({ ...model, alias: 'other' }, 'k1', build)).toEqual({ built: 5 });
  });

  it('caches nothing when building fails', () => {
    const cache = new ClientCache<string>();
    const model = target('gemini', 'gemini-2.5-flash');
    expect(() =>
      cache.get(model, undefined, () => {
        throw new Error('no key');
      }),
    ).toThrow('no key');
    expect(cache.get(model, undefined, () => 'built')).toBe('built');
  });
});
