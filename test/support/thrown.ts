/** What a call that must fail threw, for tests that assert on the error itself. */

import { GatewayError } from '../../src/errors.js';

/** The error `action` threw; fails the test when it returned instead. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** The `GatewayError` `action` threw; fails the test on any other outcome. */
export function gatewayErrorThrownBy(action: () => unknown): GatewayError {
  const error = thrownBy(action);
  if (error instanceof GatewayError) return error;
  throw error;
}
