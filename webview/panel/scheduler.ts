// Redraws at most every `interval` ms however fast events arrive (a 5,000-epoch run sends
// many batches): requests in between are merged into one redraw at the end of the wait.
// When a redraw itself is slow (a slow machine, a huge run) the wait grows to three times
// its duration, so that drawing never takes more than a quarter of the page's time.
export class Scheduler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = -Infinity;
  private cost = 0;
  private force = false;

  constructor(private readonly draw: (force: boolean) => void, private readonly interval = 100) {}

  request(force = false): void {
    this.force ||= force;
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.last + Math.max(this.interval, 3 * this.cost) - performance.now());
    this.timer = setTimeout(() => this.run(), wait);
  }

  private run(): void {
    this.timer = undefined;
    const force = this.force;
    this.force = false;
    const t0 = performance.now();
    try {
      this.draw(force);
    } finally {
      this.last = performance.now();
      this.cost = this.last - t0;
    }
  }
}
