/**
 * Starts a server listening (and stops it), turning "address in use" into an error that says which port, what wanted it
 * and which environment variable moves it: what `npm start` prints instead of a stack trace.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a port is for, to name it in the error. */
export interface PortPurpose {
  /** e.g. "the local API Gateway". */
  what: string;
  /** The environment variable that sets the port, e.g. LOCAL_API_PORT. */
  variable?: string;
}

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly host: string,
    purpose: PortPurpose | undefined,
    options: { cause: unknown },
  ) {
    const what = purpose ? ` for ${purpose.what}` : '';
    const hint = purpose?.variable ? `; set ${purpose.variable} to another port (0 picks a free one)` : '';
    super(`Port ${port} on ${host}${what} is already in use: stop whatever listens there (another \`npm start\`?)${hint}.`, options);
  }
}

/** For servers started by someone else's code (`start()` methods): the same error for the same cause. */
export function portInUseOr(error: unknown, port: number, host: string, purpose?: PortPurpose): unknown {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE' ? new PortInUseError(port, host, purpose, { cause: error }) : error;
}

/** Listens on `host:port` (0 = a free port) and resolves to the server's `http://` URL. */
export function listen(server: Server, port: number, host: string, purpose?: PortPurpose): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(portInUseOr(error, port, host, purpose));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(httpUrl(host, (server.address() as AddressInfo).port));
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Stops listening and drops every connection, kept-alive ones included (no-op when not listening). */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** `http://host:port`, an IPv6 host in brackets. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
