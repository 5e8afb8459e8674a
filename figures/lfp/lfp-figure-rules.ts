/** The rules of the LFP/EEG figures with their default configs (area V1). */
import type { Rule } from '../rules.ts';
import type { FigureInfo, ModelParams, RunInput } from '../paper/index.ts';
import { AREA_KERNELS_FIGURE, areaKernelsRule } from './area-kernels-figure.ts';
import { DEFAULT_SIGNAL_OPTIONS, LFP_RUN_FIGURE, LFP_THEORY_FIGURE, lfpRunRule, lfpTheoryRule } from './lfp-figures.ts';

export const LFP_FIGURES: readonly FigureInfo[] = [AREA_KERNELS_FIGURE, LFP_THEORY_FIGURE, LFP_RUN_FIGURE];

export function lfpFigureRules(model: ModelParams, meanFieldRule: string, run: RunInput | null, area = 'V1'): Rule<any>[] {
  return [
    areaKernelsRule({ model, area }),
    lfpTheoryRule({ model, area, meanField: meanFieldRule, duration_ms: 2000, seed: 1, signals: DEFAULT_SIGNAL_OPTIONS }),
    lfpRunRule({ run, area, t_min_ms: 500, signals: DEFAULT_SIGNAL_OPTIONS }),
  ];
}
