/**
 * The function's one Powertools Logger.
 *
 * - The Lambda event is never logged: we do not use `injectLambdaContext` (the only path that logs it) and
 *   turn event logging off in the class itself, whatever POWERTOOLS_LOGGER_LOG_EVENT says.
 * - The formatter keeps Powertools's standard keys but keeps explicit `null` values. Powertools's own
 *   formatter drops top-level nulls, and the audit record promises a fixed set of keys (`action: null`,
 *   `error_code: null`, ...) that Logs Insights queries and auditors can rely on. This is the documented
 *   "bring your own formatter" extension point, not a fork.
 */
import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/** Drops only `undefined` (absent) attributes; `null` is a value. */
class NullKeepingLogItem extends LogItem {
  override removeEmptyKeys(attributes: LogAttributes): LogAttributes {
    const kept: LogAttributes = {};
    for (const key in attributes) if (attributes[key] !== undefined) kept[key] = attributes[key];
    return kept;
  }
}

/** Powertools's standard keys and order (PowertoolsLogFormatter), with explicit nulls kept. */
export class NullKeepingLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new NullKeepingLogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_arn: context?.invokedFunctionArn,
        function_memory_size: context?.memoryLimitInMB,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(additionalLogAttributes);
  }
}

/** A Logger that never logs the event: inputs are raw caller data, and secrets travel in headers. */
class EventSilentLogger extends Logger {
  override shouldLogEvent(): boolean {
    return false;
  }
}

export function createLogger(options: { serviceName: string }): Logger {
  if (!options.serviceName) throw new TypeError('createLogger: serviceName is required');
  return new EventSilentLogger({ serviceName: options.serviceName, logFormatter: new NullKeepingLogFormatter() });
}
