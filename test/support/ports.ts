/** Port checks for tests that run servers on fixed ports (the README's, `npm start`'s). */
import { createServer } from 'node:net';

/** Whether `port` on 127.0.0.1 can be listened on now (probed by listening, then closing at once). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
