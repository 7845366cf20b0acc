/**
 * A local endpoint speaking the part of the AWS Secrets Manager protocol the project uses:
 * `GetSecretValue` over the JSON 1.1 protocol (`POST /`, `X-Amz-Target: secretsmanager.GetSecretValue`,
 * `Content-Type: application/x-amz-json-1.1`). Point any AWS SDK v3 client at it with
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER=<url>` (or `endpoint` in the client config): the deployed bundle then
 * reads its secrets exactly as in Lambda — Powertools `SecretsProvider`, the SDK's signing, retries and
 * error parsing — with no AWS account. Used by the local stack (`npm start`) and the benchmark.
 *
 * Written here rather than taken from a library: the only maintained full emulators (LocalStack, moto) are
 * Python services; one operation is ~100 lines of node:http.
 *
 * Behaviour (from the Secrets Manager API reference, GetSecretValue):
 * - `SecretId` may be the secret's name, its complete ARN, or its ARN without the 6-character suffix.
 * - Reply: `{ARN, Name, VersionId, SecretString, VersionStages: ["AWSCURRENT"], CreatedDate}` (epoch seconds).
 * - Unknown secret: 400 `ResourceNotFoundException` "Secrets Manager can't find the specified secret.";
 *   a request the SDK did not sign: 400 `MissingAuthenticationTokenException`; another operation: 400
 *   `UnknownOperationException`. The error type travels in `__type` and `x-amzn-ErrorType`, as AWS sends it.
 * Values never appear in an error, a log or `requestLog()`.
 *
 * @example
 * const secretsManager = await LocalSecretsManager.start({ secrets: { 'app/api-key': 's3cr3t' } });
 * process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secretsManager.url;
 * const arn = secretsManager.arnOf('app/api-key'); // arn:aws:secretsmanager:eu-west-1:000000000000:secret:app/api-key-AbCdEf
 * await secretsManager.close();
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listen } from './listen.js';

export interface LocalSecretsManagerOptions {
  /**
   * Secret → secret string, keyed by name (letters, digits, `/_+=.@-`; an ARN is minted) or by a complete
   * secret ARN (kept as is; its name is what follows `:secret:`).
   */
  secrets: Readonly<Record<string, string>>;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Region and account in the minted ARNs. Default eu-west-1 / 000000000000. */
  region?: string;
  accountId?: string;
}

/** One answered request: operation, secret name (when found) and status; never a value. */
export interface SecretsManagerRequestRecord {
  operation: string;
  secretName: string | undefined;
  status: number;
}

interface StoredSecret {
  name: string;
  arn: string;
  value: string;
  versionId: string;
  createdDate: number;
}

const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:([A-Za-z0-9/_+=.@-]+)$/;
const TARGET_PREFIX = 'secretsmanager.';
const JSON_11 = 'application/x-amz-json-1.1';
const MAX_REQUEST_BYTES = 64 * 1024;

export class LocalSecretsManager {
  readonly #secrets = new Map<string, StoredSecret>();
  readonly #log: SecretsManagerRequestRecord[] = [];
  readonly #server: Server;
  #url = '';

  private constructor(options: LocalSecretsManagerOptions) {
    const region = options.region ?? 'eu-west-1';
    const accountId = options.accountId ?? '000000000000';
    for (const [key, value] of Object.entries(options.secrets)) {
      if (typeof value !== 'string' || value === '') throw new TypeError(`LocalSecretsManager: secret "${key}" needs a non-empty string value`);
      const givenArn = SECRET_ARN.exec(key);
      if (!givenArn && !SECRET_NAME.test(key)) throw new RangeError(`LocalSecretsManager: "${key}" is neither a secret name nor a secret ARN`);
      // A complete ARN ends in the 6 characters Secrets Manager appends to the name; a minted one gets a stable suffix.
      const name = givenArn ? givenArn[1]!.replace(/-[A-Za-z0-9]{6}$/, '') : key;
      const suffix = createHash('sha256').update(name).digest('base64url').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 6);
      const arn = givenArn ? key : `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
      this.#secrets.set(key, { name, arn, value, versionId: randomUUID(), createdDate: Math.floor(Date.now() / 1000) });
    }
    this.#server = createServer((req, res) => this.#receive(req, res));
  }

  static async start(options: LocalSecretsManagerOptions): Promise<LocalSecretsManager> {
    const endpoint = new LocalSecretsManager(options);
    endpoint.#url = await listen(endpoint.#server, options.port ?? 0, options.host ?? '127.0.0.1');
    return endpoint;
  }

  /** The endpoint URL: the value of `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  get url(): string {
    return this.#url;
  }

  /** The complete ARN of a secret given at start (by the key it was given under). */
  arnOf(key: string): string {
    const secret = this.#secrets.get(key);
    if (!secret) throw new RangeError(`LocalSecretsManager: no secret "${key}"`);
    return secret.arn;
  }

  /** GetSecretValue calls that returned a value (a warm function must make none). */
  get getSecretValueCalls(): number {
    return this.#log.filter((entry) => entry.operation === 'GetSecretValue' && entry.status === 200).length;
  }

  /** Every request answered so far (operation, secret name, status). */
  requestLog(): readonly SecretsManagerRequestRecord[] {
    return this.#log.map((entry) => ({ ...entry }));
  }

  close(): Promise<void> {
    return closeServer(this.#server);
  }

  #find(secretId: string): StoredSecret | undefined {
    for (const secret of this.#secrets.values()) {
      // Name, complete ARN, or ARN without the random suffix (the API accepts all three).
      if (secretId === secret.name || secretId === secret.arn || secretId === secret.arn.slice(0, -7)) return secret;
    }
    return undefined;
  }

  #receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
      const answer = this.#answer(req, operation, size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks).toString('utf8'));
      this.#log.push({ operation, secretName: answer.secretName, status: answer.status });
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        'Content-Type': JSON_11,
        'Content-Length': String(Buffer.byteLength(text)),
        'x-amzn-RequestId': randomUUID(),
        ...(answer.status >= 400 ? { 'x-amzn-ErrorType': (answer.body as { __type: string }).__type } : {}),
      });
      res.end(text);
    });
  }

  #answer(req: IncomingMessage, operation: string, body: string | undefined): { status: number; body: unknown; secretName?: string } {
    if (req.method !== 'POST' || body === undefined) return error('InvalidRequestException', 'The request is not a Secrets Manager request.');
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      return error('MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    if (operation !== 'GetSecretValue') return error('UnknownOperationException', `${operation || 'The operation'} is not supported by the local Secrets Manager.`);
    let secretId: unknown;
    try {
      secretId = (JSON.parse(body) as { SecretId?: unknown }).SecretId;
    } catch {
      return error('SerializationException', 'The request body is not JSON.');
    }
    if (typeof secretId !== 'string' || secretId === '') return error('InvalidParameterException', 'SecretId is required.');
    const secret = this.#find(secretId);
    if (!secret) return error('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return {
      status: 200,
      secretName: secret.name,
      body: {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: secret.versionId,
        SecretString: secret.value,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: secret.createdDate,
      },
    };
  }
}

function error(type: string, message: string): { status: number; body: { __type: string; message: string } } {
  return { status: 400, body: { __type: type, message } };
}
