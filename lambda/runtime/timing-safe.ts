/**
 * Constant-time comparison of a presented credential with the expected one.
 *
 * `crypto.timingSafeEqual` needs equal-length inputs and would leak the expected length if we compared
 * raw strings, so both sides are first reduced to SHA-256 digests (32 bytes whatever the input). The
 * expected digest is computed once per secret value; a request pays one one-shot hash and one compare.
 */
import { hash, timingSafeEqual } from 'node:crypto';

/** The digest to keep instead of the expected credential. */
export function credentialDigest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/** True when `presented` equals the value `expectedDigest` was made from; time does not depend on where they differ. */
export function matchesDigest(presented: string, expectedDigest: Buffer): boolean {
  return timingSafeEqual(hash('sha256', presented, 'buffer'), expectedDigest);
}
