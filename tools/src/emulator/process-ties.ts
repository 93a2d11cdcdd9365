/**
 * Ties what this process started to its life: `kill` runs if it exits, and SIGINT or SIGTERM
 * run `stop` before it exits (130 or 143), so no run leaves a server behind. Returns the
 * function that unties them, for a stop() that happens first.
 */
export function tieToProcess(kill: () => void, stop: () => Promise<void>): () => void {
  const onExit = () => kill();
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
