/** The simulation time grid dt = 1/k ms (the simulation parameters require a whole k). */

/** Whole steps per ms of resolution `dt` (ms); `where` names the source of dt in errors. */
export function stepsPerMs(dt: number, where = 'dt'): number {
  const k = Math.round(1 / dt);
  if (!(k >= 1) || Math.abs(k * dt - 1) > 1e-9) throw new Error(`${where}: dt = ${dt} ms; expected 1 ms divided by a whole number`);
  return k;
}

/** The grid time nearest to t (ms): stamp / k, e.g. 0.3 rather than 3 * 0.1 = 0.30000000000000004. */
export function gridTime(t: number, k: number): number {
  return Math.round(t * k) / k;
}
