/** Where the simulator page posts its EHR for the measures batch (measures-plugin.ts serves it). */
export const RERUN_PATH = '/__learning-loop/measures';
