/**
 * Approximate size in bytes of a structured-cloned value, to refuse oversized page batches before
 * they are copied again into the extension (LIMITS.maxBatchBytes). Cheap on purpose: strings count
 * as UTF-16 (2 bytes per unit), other values as small constants. Stops as soon as the budget is
 * exceeded, so a hostile message costs at most ~budget of work. Iterative (deep nesting cannot
 * overflow the stack) and visits each object once (cycles and shared references, which structured
 * clone preserves, count once).
 *
 * Returns `null` when the value cannot be measured (a throwing getter: not plain cloned data).
 */
export function estimateSize(value: unknown, budget: number): number | null {
  let total = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  try {
    while (stack.length > 0) {
      const v = stack.pop();
      switch (typeof v) {
        case 'string':
          total += 2 * v.length + 4;
          break;
        case 'object': {
          if (v === null) {
            total += 4;
            break;
          }
          if (seen.has(v)) break;
          seen.add(v);
          total += 16;
          if (Array.isArray(v)) {
            for (let i = 0; i < v.length && total <= budget; i++) {
              total += 1;
              stack.push(v[i]);
            }
          } else {
            for (const key of Object.keys(v)) {
              total += 2 * key.length + 8;
              if (total > budget) break;
              stack.push((v as Record<string, unknown>)[key]);
            }
          }
          break;
        }
        default:
          total += 8;
      }
      if (total > budget) return total;
    }
  } catch {
    // Only forged objects (never structured-cloned data) have getters that throw.
    return null;
  }
  return total;
}
