/**
 * The idempotency table of the mutating actions (lambda/runtime/idempotency.ts): on-demand, the key and
 * TTL attribute Powertools Idempotency writes, point-in-time recovery, encrypted with the AWS managed
 * key (`aws/dynamodb`, visible in CloudTrail; no key policy to maintain). `grantRecords` gives exactly the
 * four item operations Powertools uses, on this table only.
 *
 * Its records live for the idempotency window (an hour by default) and hold answers already in the audit
 * trail's scope, not the trail itself: the table goes with the stack (RemovalPolicy.DESTROY).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IDEMPOTENCY_TABLE } from '../../lambda/runtime/idempotency.js';

/** What Powertools's DynamoDB persistence layer calls: claim (Put), replay (Get), complete (Update), release (Delete). */
export const IDEMPOTENCY_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;

export interface IdempotencyTableProps {
  /** @default RemovalPolicy.DESTROY (records are short-lived; nothing an audit needs) */
  removalPolicy?: RemovalPolicy;
}

export class IdempotencyTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: IdempotencyTableProps = {}) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: IDEMPOTENCY_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: IDEMPOTENCY_TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
  }

  /** Lets `grantee` read and write idempotency records: the four item operations, this table's ARN only. */
  grantRecords(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: [...IDEMPOTENCY_TABLE_ACTIONS], resourceArns: [this.table.tableArn] });
  }
}
