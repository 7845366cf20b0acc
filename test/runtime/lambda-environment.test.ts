/**
 * The Lambda-only snapshot of process.env (lambda/runtime/lambda-environment.ts): a plain copy in the
 * Lambda runtime, which still sees what is later written through process.env (as the runtime writes
 * each invocation's _X_AMZN_TRACE_ID); nothing changes anywhere else.
 */
import { useEnvironmentSnapshotInLambda } from '../../lambda/runtime/lambda-environment.js';

describe('useEnvironmentSnapshotInLambda', () => {
  const original = process.env;
  afterEach(() => {
    process.env = original;
  });

  it('leaves process.env alone outside the Lambda runtime', () => {
    expect(useEnvironmentSnapshotInLambda({ AWS_EXECUTION_ENV: 'something-else' })).toBe(false);
    expect(useEnvironmentSnapshotInLambda({})).toBe(false);
    expect(process.env).toBe(original);
  });

  it('in Lambda, replaces it with a plain copy that later writes and deletes go to', () => {
    const lambdaEnv = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', POWERTOOLS_SERVICE_NAME: 'svc', _X_AMZN_TRACE_ID: 'Root=1-a' };
    expect(useEnvironmentSnapshotInLambda(lambdaEnv)).toBe(true);
    expect(process.env).not.toBe(original);
    expect(Object.getPrototypeOf(process.env)).toBe(Object.prototype);
    expect({ ...process.env }).toEqual(lambdaEnv);
    // What the runtime does before each invocation (InvokeContext._forwardXRay).
    process.env['_X_AMZN_TRACE_ID'] = 'Root=1-b';
    expect(process.env._X_AMZN_TRACE_ID).toBe('Root=1-b');
    delete process.env['_X_AMZN_TRACE_ID'];
    expect(process.env._X_AMZN_TRACE_ID).toBeUndefined();
  });
});
