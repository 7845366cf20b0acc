/**
 * Checks a log line against the CloudWatch Embedded Metric Format specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * a root `_aws` with a numeric `Timestamp` (ms since the epoch) and `CloudWatchMetrics`, an array of
 * directives `{Namespace, Dimensions: [[name...]...], Metrics: [{Name, Unit?, StorageResolution?}]}`;
 * every dimension a top-level string member, every metric a top-level number (or array of numbers).
 * Returns the problems found (empty when the line is valid EMF).
 */
const UNITS = new Set([
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes',
  'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second',
  'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second',
  'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
]);

export function emfProblems(line: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const aws = line._aws as Record<string, unknown> | undefined;
  if (aws === null || typeof aws !== 'object') return ['no _aws object'];
  if (typeof aws.Timestamp !== 'number' || !Number.isInteger(aws.Timestamp) || Math.abs(aws.Timestamp - Date.now()) > 3_600_000) {
    problems.push('_aws.Timestamp is not a current epoch time in ms');
  }
  const directives = aws.CloudWatchMetrics;
  if (!Array.isArray(directives) || directives.length === 0) return [...problems, '_aws.CloudWatchMetrics is not a non-empty array'];
  for (const [i, directive] of directives.entries()) {
    const d = directive as Record<string, unknown>;
    if (typeof d.Namespace !== 'string' || d.Namespace.length < 1 || d.Namespace.length > 1024) problems.push(`directive ${i}: Namespace`);
    if (!Array.isArray(d.Dimensions)) problems.push(`directive ${i}: Dimensions is not an array`);
    else
      for (const set of d.Dimensions) {
        if (!Array.isArray(set) || set.length > 30) problems.push(`directive ${i}: a dimension set is not an array of at most 30 names`);
        else for (const name of set) if (typeof name !== 'string' || typeof line[name] !== 'string') problems.push(`dimension ${String(name)} is not a top-level string`);
      }
    if (!Array.isArray(d.Metrics) || d.Metrics.length > 100) problems.push(`directive ${i}: Metrics is not an array of at most 100`);
    else
      for (const metric of d.Metrics as Record<string, unknown>[]) {
        const name = metric.Name;
        if (typeof name !== 'string' || name.length < 1 || name.length > 1024) {
          problems.push('a metric has no Name');
          continue;
        }
        if (metric.Unit !== undefined && !UNITS.has(metric.Unit as string)) problems.push(`metric ${name}: unknown Unit ${String(metric.Unit)}`);
        if (metric.StorageResolution !== undefined && metric.StorageResolution !== 1 && metric.StorageResolution !== 60) problems.push(`metric ${name}: StorageResolution`);
        const value = line[name];
        const numeric = typeof value === 'number' || (Array.isArray(value) && value.length <= 100 && value.every((v) => typeof v === 'number'));
        if (!numeric) problems.push(`metric ${name} is not a top-level number`);
      }
  }
  return problems;
}
