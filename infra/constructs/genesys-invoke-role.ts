/**
 * Genesys's AWS Lambda data actions (reference §7): the IAM role Genesys assumes from its own AWS account,
 * presenting the org id as external id, allowed to invoke the action aliases of our function and nothing else.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { GENESYS_AWS_ACCOUNT_ID } from '../config.js';

export interface GenesysInvokeRoleProps {
  /** The Genesys org id: the `sts:ExternalId` Genesys presents. */
  genesysOrgId: string;
  /** The aliases Genesys may invoke (one per action). */
  aliases: readonly lambda.IAlias[];
  /** Genesys's AWS account. @default 765628985471 (FedRAMP: 325654371633) */
  genesysAwsAccountId?: string;
}

export class GenesysInvokeRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GenesysInvokeRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      description: 'Assumed by Genesys Cloud (AWS Lambda data actions) to invoke the data-action aliases.',
      assumedBy: new iam.AccountPrincipal(props.genesysAwsAccountId ?? GENESYS_AWS_ACCOUNT_ID),
      externalIds: [props.genesysOrgId],
      inlinePolicies: {
        InvokeActionAliases: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: props.aliases.map((a) => a.functionArn) }),
          ],
        }),
      },
    });
  }
}
