/** Defines `<learning-loop>` and its parts. Importing it starts nothing: create an AppModel to launch. */
export { LearningLoop } from './ui/learning-loop/learning-loop';
export { AppModel } from './app/app-model';
export type { AppState } from './app/app-model';
export type { ContextSnapshot } from './context/loader';
