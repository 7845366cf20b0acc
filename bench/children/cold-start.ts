/**
 * One cold start, the way Lambda's Node.js runtime does it: import the deployed bundle (its init builds
 * the handler), then invoke it once with a real API Gateway event and Lambda context. The first
 * invocation reads the secrets (local Secrets Manager endpoint) and calls the downstream stub on
 * loopback. Reports its own clock and exits at once: the parent times spawn → exit.
 */
import { lambdaContext } from '../../test/support/lambda-context.js';
import type { DataActionHandler } from '../../lambda/handler.js';
import type { ColdStartInput } from '../protocol.js';
import { readInput, report, statusCodeOf } from './io.js';

const scriptStartedMs = performance.now();
const input = readInput<ColdStartInput>();
const { handler } = (await import(input.handlerUrl)) as { handler: DataActionHandler };
const handlerImportedMs = performance.now();
const handlerImportedAtUs = Number(process.hrtime.bigint() / 1000n);
const result = await handler(JSON.parse(input.eventJson), lambdaContext({ timeoutMs: input.functionTimeoutMs }));
const answeredMs = performance.now();
report({ kind: 'cold-start', statusCode: statusCodeOf(result), scriptStartedMs, handlerImportedMs, answeredMs, handlerImportedAtUs });
process.exit(0);
