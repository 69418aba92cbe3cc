// Collects items and hands them over in batches, at most one batch per `intervalMs`: a run
// of 5,000 fast epochs becomes a few dozen webview messages, not 5,000.
export class Batcher<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private last = 0;

  constructor(private readonly deliver: (items: T[]) => void, private readonly intervalMs = 100) {}

  push(item: T): void {
    this.items.push(item);
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Deliver what is pending now (e.g. before the run's last message). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.last = Date.now();
    this.deliver(batch);
  }

  /** Drop what is pending (the receiver is replaced by a full snapshot). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
  }

  dispose(): void {
    this.clear();
  }
}
