/**
 * Every error of the attachments stage names the part it is about, in the message (`message
 * "p1", part 2: …`) and in `details` (a path in the request, as SPEC §5 asks, plus the message
 * id and index for clients that want them), in the same shape the converters' 422s use.
 */

import { describeLocation, locationPath, type PartLocation } from '../conversation/conversation.js';
import { GatewayError, type ErrorCode } from '../errors.js';

/** The messageId the Labelbox side gives data-row attachments. */


/** Kept under the attachments name; the one definition is the conversation's. */
export const partPath = locationPath;

export function attachmentError(
  code: ErrorCode,
  location: PartLocation,
  reason: string,
  extraDetails: Readonly<Record<string, unknown>> = {},
): GatewayError {
  return new GatewayError(code, `${describeLocation(location)}: ${reason}`, {
    details: [
      { path: partPath(location), message: reason, messageId: location.messageId, index: location.index, ...extraDetails },
    ],
  });
}
