import { describe, expect, it, vi } from 'vitest';
import { RequestTelemetry } from './request-telemetry.js';

describe('RequestTelemetry usage', () => {
  it('reads deferred usage only when asked, and only once', () => {
    const telemetry = new RequestTelemetry();
    const read = vi.fn(() => ({ inputTokens: 3, outputTokens: 5 }));
    telemetry.deferUsage(read);
    expect(read).not.toHaveBeenCalled();
    expect(telemetry.usage).toEqual({ inputTokens: 3, outputTokens: 5 });
    expect(telemetry.usage).toEqual({ inputTokens: 3, outputTokens: 5 });
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('lets a usage set later win over a deferred one', () => {
    const telemetry = new RequestTelemetry();
    const read = vi.fn(() => ({ inputTokens: 3, outputTokens: 5 }));
    telemetry.deferUsage(read);
    telemetry.usage = { inputTokens: 1, outputTokens: 1 };
    expect(telemetry.usage).toEqual({ inputTokens: 1, outputTokens: 1 });
    expect(read).not.toHaveBeenCalled();
  });
});
