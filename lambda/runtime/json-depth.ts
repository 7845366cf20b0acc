/**
 * Genesys refuses JSON documents nested deeper than 50 levels (reference §3); so do we, before anything
 * walks an input recursively (the canonical JSON of the audit hash). Iterative and stopping at the first
 * level too deep, so hostile depth costs nothing and cannot overflow the stack. The contract linter has a
 * full-depth measure (`jsonDepth`), but importing it would bundle AJV's compiler into the Lambda.
 */
export const MAX_JSON_DEPTH = 50;

/** True when `value` nests more than `maxDepth` levels (a scalar is depth 0, `{}` depth 1). */
export function exceedsJsonDepth(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  let level: object[] = [value];
  for (let depth = 1; level.length > 0; depth++) {
    if (depth > maxDepth) return true;
    const next: object[] = [];
    for (const node of level) {
      for (const child of Object.values(node)) if (child !== null && typeof child === 'object') next.push(child);
    }
    level = next;
  }
  return false;
}
