/** One line of the benchmark table. */
export interface Figure {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  /** Human-readable target, e.g. "≤ 1.10". */
  readonly target: string;
  readonly holds: boolean;
  /** Relative spread of the per-round samples ((max − min) / median), when there are rounds. */
  readonly spread?: number;
  readonly detail?: string;
}

export const atMost = (value: number, limit: number) => ({
  target: `≤ ${limit}`,
  holds: value <= limit,
});
export const atLeast = (value: number, limit: number) => ({
  target: `≥ ${limit}`,
  holds: value >= limit,
});
