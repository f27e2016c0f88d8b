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

/** What `promise` rejected with; fails the test when it resolved instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** The `GatewayError` `action` threw; fails the test on any other outcome. */
export function gatewayErrorThrownBy(action: () => unknown): GatewayError {
  const error = thrownBy(action);
  if (error instanceof GatewayError) return error;
  throw error;
}
