/**
 * Prints a `TestExecutionResult` the way Genesys's test pane shows it: numbered steps with ✓ or ✗, a short result
 * or the error code and message, then the final result as pretty JSON.
 */
import type { ExecutionError, TestExecutionResult } from '../emulator/index.js';

const RESULT_WIDTH = 120;

export function formatTestExecutionResult(result: TestExecutionResult): string {
  const lines: string[] = [];
  for (const op of result.operations) {
    const mark = op.success ? '✓' : '✗';
    const detail = op.error !== undefined ? describeError(op.error) : shorten(op.result);
    lines.push(`${String(op.step).padStart(2)}. ${mark} ${op.name}${detail === '' ? '' : `: ${detail}`}`);
  }
  if (result.success) {
    lines.push('', 'Final result:', JSON.stringify(result.finalResult ?? null, null, 2));
  } else {
    const failedStep = result.operations.find((op) => !op.success);
    const error = result.error ?? failedStep?.error;
    // The failed step's line already shows its error.
    if (failedStep !== undefined) lines.push('', `Failed at step ${failedStep.step} (${failedStep.name})`);
    else lines.push('', `Failed${error === undefined ? '' : `: ${describeError(error)}`}`);
  }
  return lines.join('\n');
}

export function describeError(error: ExecutionError): string {
  const status = typeof error.status === 'number' ? ` (${error.status})` : '';
  return `${error.code}${status}: ${error.message}`;
}

function shorten(value: unknown): string {
  if (value === undefined) return '';
  const text = (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\s*\n\s*/g, ' ');
  return text.length > RESULT_WIDTH ? `${text.slice(0, RESULT_WIDTH - 1)}…` : text;
}
