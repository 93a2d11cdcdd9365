/**
 * A stand-in controller's loop: `pass` runs again `intervalMs` after each pass ends, from
 * start() until stop(); a failing pass is kept in `lastError` for reports and the loop goes
 * on, as a controller's would.
 */
export abstract class PollLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  lastError?: string;

  protected constructor(private readonly intervalMs: number) {}

  /** One reconciliation. */
  protected abstract pass(): Promise<void>;

  start(): void {
    const tick = () => {
      this.running = this.pass()
        .catch((error: unknown) => {
          this.lastError = error instanceof Error ? error.message : String(error);
        })
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Ends the loop once the pass under way (if any) has finished. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
