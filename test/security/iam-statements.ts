/**
 * Every IAM policy statement of a synthesized CloudFormation template — identity policies (roles' inline
 * policies, AWS::IAM::Policy, managed policies) and resource policies (a REST API's policy, Lambda
 * permissions, any `*Policy` resource) — rendered readably, and the wildcards among them: an action
 * or resource with `*`, `NotAction`/`NotResource`, an AWS managed policy, a Lambda permission for a
 * service without a source ARN.
 */

export interface RenderedStatement {
  /** The logical id of the resource holding it, and where in it. */
  where: string;
  kind: 'identity' | 'trust' | 'resource' | 'lambda-permission' | 'managed-policy-attachment';
  effect: string;
  actions: string[];
  resources: string[];
  principals: string[];
  /** NotAction / NotResource / NotPrincipal present. */
  negated: string[];
  hasCondition: boolean;
}

type Json = Record<string, unknown>;

/** CloudFormation values as text: `{Ref: X}` → `<X>`, `{Fn::GetAtt: [X, Arn]}` → `<X.Arn>`, joins joined. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(renderValue).join(',');
  if (value && typeof value === 'object') {
    const v = value as Json;
    if ('Ref' in v) return `<${String(v.Ref)}>`;
    if ('Fn::GetAtt' in v) return `<${[v['Fn::GetAtt']].flat().map(String).join('.')}>`;
    if ('Fn::Join' in v) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(renderValue).join(separator);
    }
    if ('Fn::Sub' in v) return String([v['Fn::Sub']].flat()[0]);
    return JSON.stringify(value);
  }
  return String(value);
}

const list = (value: unknown): string[] => (value === undefined ? [] : [value].flat().map(renderValue));

function principals(principal: unknown): string[] {
  if (principal === undefined) return [];
  if (typeof principal === 'string') return [principal];
  return Object.entries(principal as Json).flatMap(([type, value]) => list(value).map((p) => `${type}:${p}`));
}

function fromDocument(document: unknown, where: string, kind: RenderedStatement['kind']): RenderedStatement[] {
  const statements = [(document as { Statement?: unknown } | undefined)?.Statement ?? []].flat() as Json[];
  return statements.map((s, i) => ({
    where: `${where}#${i}`,
    kind,
    effect: String(s.Effect),
    actions: list(s.Action),
    resources: list(s.Resource),
    principals: principals(s.Principal),
    negated: ['NotAction', 'NotResource', 'NotPrincipal'].filter((k) => k in s),
    hasCondition: s.Condition !== undefined,
  }));
}

/** Every statement of the template. */
export function policyStatements(template: Json): RenderedStatement[] {
  const out: RenderedStatement[] = [];
  for (const [id, resource] of Object.entries((template.Resources ?? {}) as Record<string, Json>)) {
    const type = String(resource.Type);
    const props = (resource.Properties ?? {}) as Json;
    if (type === 'AWS::IAM::Role') {
      out.push(...fromDocument(props.AssumeRolePolicyDocument, `${id} trust`, 'trust'));
      for (const [i, policy] of ((props.Policies ?? []) as Json[]).entries()) out.push(...fromDocument(policy.PolicyDocument, `${id} inline ${i}`, 'identity'));
      for (const arn of list(props.ManagedPolicyArns)) {
        out.push({ where: `${id} managed`, kind: 'managed-policy-attachment', effect: 'Allow', actions: [], resources: [arn], principals: [], negated: [], hasCondition: false });
      }
    } else if (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::ManagedPolicy') {
      out.push(...fromDocument(props.PolicyDocument, id, 'identity'));
    } else if (type === 'AWS::Lambda::Permission') {
      out.push({
        where: id,
        kind: 'lambda-permission',
        effect: 'Allow',
        actions: list(props.Action),
        resources: props.SourceArn === undefined ? [] : list(props.SourceArn),
        principals: list(props.Principal),
        negated: [],
        hasCondition: props.SourceArn !== undefined || props.SourceAccount !== undefined,
      });
    } else {
      // Resource policies: a REST API's `Policy`, and `*Policy` resources (bucket, topic, secret, key...).
      for (const key of ['Policy', 'PolicyDocument', 'KeyPolicy', 'ResourcePolicy']) {
        if (props[key] && typeof props[key] === 'object') out.push(...fromDocument(props[key], `${id} ${key}`, 'resource'));
      }
    }
  }
  return out;
}

export interface Wildcard {
  where: string;
  what: string;
}

const hasStar = (text: string) => text.includes('*');

/** The statements that grant more than one named thing: what a least-privilege review must justify. */
export function wildcards(statements: readonly RenderedStatement[]): Wildcard[] {
  const found: Wildcard[] = [];
  for (const s of statements) {
    if (s.effect !== 'Allow') continue; // a Deny with a wildcard narrows access
    for (const negated of s.negated) found.push({ where: s.where, what: `${negated}` });
    if (s.kind === 'managed-policy-attachment') {
      found.push({ where: s.where, what: `managed policy ${s.resources.join(',')}` });
      continue;
    }
    if (s.kind === 'trust') {
      for (const p of s.principals) if (hasStar(p) && !s.hasCondition) found.push({ where: s.where, what: `trust of ${p} without a condition` });
      continue;
    }
    if (s.kind === 'lambda-permission') {
      if (!s.hasCondition) found.push({ where: s.where, what: `invoke by ${s.principals.join(',')} without a source ARN` });
      for (const r of s.resources) if (hasStar(r)) found.push({ where: s.where, what: `source ${r}` });
      continue;
    }
    for (const a of s.actions) if (hasStar(a)) found.push({ where: s.where, what: `action ${a}` });
    for (const r of s.resources) if (hasStar(r)) found.push({ where: s.where, what: `${s.actions.join(',')} on ${r}` });
    for (const p of s.principals) if (hasStar(p)) found.push({ where: s.where, what: `principal ${p} for ${s.actions.join(',')}` });
  }
  return found;
}
