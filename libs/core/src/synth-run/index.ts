// The synth run's plumbing, importing nothing but Node itself: the platform app's launcher
// uses it without loading cdktf, which only its worker threads load.
export * from './code-cache';
export * from './output-lock';
export * from './run-staged';
export * from './staging';
export * from './threads';
