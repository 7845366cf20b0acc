/**
 * What every part of a deployment agrees on: how Genesys reaches the function and what the deployment is
 * called by default. Pure data, like everything under infra/plan/: the CDK constructs and the local stack
 * (tools/local-stack, which must not load aws-cdk-lib) read the same values.
 */

/**
 * How Genesys reaches the function: `api-gateway` (Web Services Data Actions over HTTPS, through the REST
 * API) or `lambda` (Genesys's AWS Lambda data actions, a direct invoke of one alias per action).
 */
export type IntegrationMode = 'api-gateway' | 'lambda';

/** The default stack name, also the default Genesys integration name and the actions' default category. */
export const DEFAULT_STACK_NAME = 'GenesysDataActions';
