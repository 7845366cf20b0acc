/**
 * A Lambda context as the Node.js runtime builds it, with a real deadline: `getRemainingTimeInMillis()`
 * counts down from the configured timeout in wall-clock time, as in Lambda (where it is computed from
 * the invocation's deadline header).
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export const TEST_REGION = 'eu-west-1';
export const TEST_ACCOUNT = '123456789012';
export const TEST_FUNCTION_NAME = 'genesys-data-actions';
export const TEST_FUNCTION_ARN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${TEST_FUNCTION_NAME}`;

export interface LambdaContextOptions {
  /** The function's timeout; the deadline is now + this. Default 30 000 ms. */
  timeoutMs?: number;
  /** The qualifier the function was invoked through (an alias name), or none (unqualified ARN). */
  qualifier?: string;
  awsRequestId?: string;
}

export function lambdaContext(options: LambdaContextOptions = {}): Context {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const qualifier = options.qualifier;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: TEST_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: qualifier === undefined ? TEST_FUNCTION_ARN : `${TEST_FUNCTION_ARN}:${qualifier}`,
    memoryLimitInMB: '1024',
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${TEST_FUNCTION_NAME}`,
    logStreamName: `2026/01/01/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
