/**
 * The function's one Powertools Logger.
 *
 * - The Lambda event is never logged: we do not use `injectLambdaContext` (the only path that logs it) and
 *   turn event logging off in the class itself, whatever POWERTOOLS_LOGGER_LOG_EVENT says.
 * - The formatter keeps Powertools's standard keys but keeps explicit `null` values. Powertools's own
 *   formatter drops top-level nulls, and the audit record promises a fixed set of keys (`action: null`,
 *   `error_code: null`, ...) that Logs Insights queries and auditors can rely on. This is the documented
 *   "bring your own formatter" extension point, not a fork; it is also cheaper per line.
 * - Lines of plain JSON data are serialised without Powertools's replacer (DataActionLogger).
 */
import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/** Nesting that `isPlainJsonData` follows (a failure line's `error_chain` is 4 deep); deeper counts as not plain. */
const PLAIN_DATA_DEPTH = 8;

/**
 * Whether `value` serialises as is: strings, numbers, booleans, null/undefined, and arrays and plain
 * objects of those, at most `depth` levels deep. An Error, a BigInt, a Date, a class instance or a cycle
 * is not plain: those need Powertools's replacer (its error formatting, BigInt to string, cycle cut).
 */
export function isPlainJsonData(value: unknown, depth = PLAIN_DATA_DEPTH): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (depth === 0) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainJsonData(item, depth - 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (!isPlainJsonData((value as Record<string, unknown>)[key], depth - 1)) return false;
  return true;
}

/**
 * Printed as built: JSON.stringify already leaves out `undefined` (absent) attributes, and `null` is a
 * value that stays. (Powertools's LogItem also drops nulls and empty strings, copying every line.)
 * `plainData`: every attribute is plain JSON data (see DataActionLogger.getJsonReplacer).
 */
class AsBuiltLogItem extends LogItem {
  constructor(
    attributes: LogAttributes,
    readonly plainData: boolean,
  ) {
    super({ attributes });
  }

  override prepareForPrint(): void {}
}

/**
 * Powertools's standard keys, in its order (as PowertoolsLogFormatter), with explicit nulls kept.
 * Timestamps are always UTC ISO 8601 (Lambda's own TZ is UTC; audit trails compare across regions),
 * which also saves Powertools's TZ lookup on every line. The attributes are our own fixed keys, so a
 * shallow copy replaces Powertools's deep merge. It is an object literal with a spread because V8 keeps
 * that one object in fast mode whatever the number of keys, where assigning twenty-odd keys one by one
 * (as Object.assign does) turns it into a slow dictionary that JSON.stringify then walks at half speed.
 */
export class NullKeepingLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    const line: LogAttributes = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: attributes.timestamp.toISOString(),
      service: attributes.serviceName,
      cold_start: context?.coldStart,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context?.memoryLimitInMB,
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
      ...additionalLogAttributes,
    };
    return new AsBuiltLogItem(line, isPlainJsonData(additionalLogAttributes));
  }
}

type JsonReplacer = ReturnType<Logger['getJsonReplacer']>;

/**
 * The function's Logger:
 * - it never logs the event: inputs are raw caller data, and secrets travel in headers;
 * - a line whose attributes are all plain JSON data (every line this runtime writes: the audit record
 *   with its EMF metrics, failure lines built by `describeErrorForLog`) is serialised by JSON.stringify
 *   alone. Powertools's replacer exists for Errors, BigInts and cycles, which plain data cannot hold, and
 *   a replacer function takes JSON.stringify off its fast path (~2 µs for the audit line). Anything else
 *   goes through Powertools's replacer as before. Both are protected extension points of Logger:
 *   printLog() asks getJsonReplacer() for the replacer of the line it prints.
 */
export class DataActionLogger extends Logger {
  #printingPlainData = false;

  constructor(options: { serviceName: string }) {
    super({ serviceName: options.serviceName, logFormatter: new NullKeepingLogFormatter() });
  }

  override shouldLogEvent(): boolean {
    return false;
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    this.#printingPlainData = log instanceof AsBuiltLogItem && log.plainData;
    try {
      super.printLog(logLevel, log);
    } finally {
      this.#printingPlainData = false;
    }
  }

  protected override getJsonReplacer(): JsonReplacer {
    // JSON.stringify(value, undefined) is JSON.stringify(value): no replacer at all.
    return this.#printingPlainData ? (undefined as unknown as JsonReplacer) : super.getJsonReplacer();
  }
}

export function createLogger(options: { serviceName: string }): DataActionLogger {
  if (!options.serviceName) throw new TypeError('createLogger: serviceName is required');
  return new DataActionLogger({ serviceName: options.serviceName });
}
