/**
 * A local endpoint speaking the Secrets Manager wire protocol (AWS JSON 1.1), for the benchmark's cold
 * starts: the deployed code path (Powertools `SecretsProvider` → AWS SDK v3 client → SigV4-signed HTTP)
 * runs unchanged, pointed here with `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
 *
 * Only `GetSecretValue` is served: `POST /` with `X-Amz-Target: secretsmanager.GetSecretValue` and a
 * JSON body `{"SecretId": "<arn or name>"}` → `{ARN, Name, SecretString, VersionId, VersionStages,
 * CreatedDate}`; an unknown secret → 400 `ResourceNotFoundException`, any other target → 400
 * `UnknownOperationException`, as Secrets Manager answers. The signature is not checked (no real
 * credentials exist here). Tests fake Secrets Manager with aws-sdk-client-mock instead; a benchmark must
 * pay for the SDK's real request pipeline, so it gets a real peer.
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

const JSON_1_1 = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'secretsmanager.';

export class LocalSecretsManager {
  /** GetSecretValue calls answered (a warm container must not make any). */
  getSecretValueCalls = 0;
  readonly #server: http.Server;
  readonly #secrets: ReadonlyMap<string, string>;

  private constructor(secrets: Readonly<Record<string, string>>) {
    this.#secrets = new Map(Object.entries(secrets));
    this.#server = http.createServer((req, res) => this.#receive(req, res));
  }

  /** Listens on 127.0.0.1, on an ephemeral port; `secrets` maps each secret ARN to its SecretString. */
  static async start(secrets: Readonly<Record<string, string>>): Promise<LocalSecretsManager> {
    const server = new LocalSecretsManager(secrets);
    await new Promise<void>((resolve, reject) => {
      server.#server.once('error', reject);
      server.#server.listen(0, '127.0.0.1', () => resolve());
    });
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || target !== `${TARGET_PREFIX}GetSecretValue`) {
        return reply(res, 400, { __type: 'UnknownOperationException', message: `Operation ${target || '(none)'} is not served here.` });
      }
      let secretId: unknown;
      try {
        secretId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: unknown }).SecretId;
      } catch {
        return reply(res, 400, { __type: 'SerializationException', message: 'The request body is not JSON.' });
      }
      const value = typeof secretId === 'string' ? this.#secrets.get(secretId) : undefined;
      if (typeof secretId !== 'string' || value === undefined) {
        return reply(res, 400, { __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." });
      }
      this.getSecretValueCalls += 1;
      reply(res, 200, {
        ARN: secretId,
        Name: secretId.split(':secret:')[1] ?? secretId,
        SecretString: value,
        VersionId: versionIdOf(value),
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1_767_225_600, // epoch seconds, as the JSON protocol sends timestamps
      });
    });
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': JSON_1_1,
    'content-length': String(Buffer.byteLength(text)),
    'x-amzn-requestid': createHash('sha1').update(text + Date.now()).digest('hex').slice(0, 32),
  });
  res.end(text);
}

/** A stable, UUID-shaped version id per value (Secrets Manager's are UUIDs). */
function versionIdOf(value: string): string {
  const h = createHash('sha256').update(value).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
