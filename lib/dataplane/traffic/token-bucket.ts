/**
 * @module dataplane/traffic/token-bucket
 * API Gateway's throttling unit, as the Developer Guide describes it
 * ("Throttle requests to your REST APIs"): a token bucket per limit, whose
 * size is the burst limit and which is refilled at the rate limit (tokens per
 * second); a request takes one token, a request that finds less than one is
 * throttled. Buckets start full, so a burst of `burst` concurrent requests
 * passes and the rest are refused until tokens come back.
 *
 * `BucketTable` holds every bucket by key and takes a token from several at
 * once, all or none: a request must find a token at every level that applies
 * (the most restrictive limit wins), and a refused request consumes nothing.
 * The clock is injected (milliseconds, monotonic), so tests can count
 * without waiting. A full bucket is the same as a new one, so full buckets
 * are forgotten when the table grows (memory stays bounded by what is busy).
 *
 * Not emulated: AWS applies its limits "on a best-effort basis" across many
 * hosts, so real bursts overrun them a little; ours are exact.
 */

/** Milliseconds from a monotonic source (performance.now() by default). */
export type Clock = () => number;

/** A throttle: `rate` tokens added per second, at most `burst` held. */
export interface ThrottleLimit {
  rate: number;
  burst: number;
}

/** One bucket a request needs a token from: its key in the table and its limit. */
export interface BucketSpec extends ThrottleLimit {
  key: string;
  /** Which limit this is, for logs: `account`, `stage`, `usage plan`, `usage plan method`. */
  level?: string;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private rate: number,
    private burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Adds the tokens earned since the last look (never past the burst). */
  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
      this.last = now;
    }
  }

  /** Whether a request would find a token now. */
  has(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1;
  }

  /** Takes a token (call after `has` said yes). */
  take(): void {
    this.tokens -= 1;
  }

  /** True when the bucket holds its whole burst (it is then the same as a new bucket). */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }

  /** New limits for a bucket in use: the tokens it holds are kept, up to the new burst. */
  reconfigure(rate: number, burst: number): void {
    this.rate = rate;
    this.burst = burst;
    if (this.tokens > burst) this.tokens = burst;
  }

  matches(rate: number, burst: number): boolean {
    return this.rate === rate && this.burst === burst;
  }

  /** Whole tokens left (for tests and logs). */
  available(now: number): number {
    this.refill(now);
    return Math.floor(this.tokens);
  }
}

/** How many buckets the table holds before it forgets the full ones. */
const SWEEP_AT = 4096;

export class BucketTable {
  private readonly buckets = new Map<string, TokenBucket>();
  private sweepAt = SWEEP_AT;

  constructor(private readonly clock: Clock) {}

  private bucket(spec: BucketSpec, now: number): TokenBucket {
    let b = this.buckets.get(spec.key);
    if (!b) {
      if (this.buckets.size >= this.sweepAt) this.sweep(now);
      b = new TokenBucket(spec.rate, spec.burst, now);
      this.buckets.set(spec.key, b);
    } else if (!b.matches(spec.rate, spec.burst)) {
      b.reconfigure(spec.rate, spec.burst);
    }
    return b;
  }

  /**
   * Takes one token from every bucket in `specs`, or from none: returns the
   * index of the first bucket that had no token (nothing taken), or -1 when
   * the request passes.
   */
  takeAll(specs: readonly BucketSpec[]): number {
    const now = this.clock();
    if (specs.length === 1) {
      const b = this.bucket(specs[0], now);
      if (!b.has(now)) return 0;
      b.take();
      return -1;
    }
    const found: TokenBucket[] = [];
    for (let i = 0; i < specs.length; i++) {
      const b = this.bucket(specs[i], now);
      if (!b.has(now)) return i;
      found.push(b);
    }
    for (const b of found) b.take();
    return -1;
  }

  /** Whole tokens left in a bucket (its burst when it was never used); for tests and logs. */
  available(spec: BucketSpec): number {
    const now = this.clock();
    return this.bucket(spec, now).available(now);
  }

  /** Forgets every bucket whose key starts with `prefix` ('' = all). */
  clear(prefix = ''): void {
    if (prefix === '') {
      this.buckets.clear();
      return;
    }
    for (const k of this.buckets.keys()) if (k.startsWith(prefix)) this.buckets.delete(k);
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Drops full buckets (they are the same as new ones); if most are busy, waits for twice as many before the next sweep. */
  private sweep(now: number): void {
    for (const [k, b] of this.buckets) if (b.isFull(now)) this.buckets.delete(k);
    this.sweepAt = Math.max(SWEEP_AT, this.buckets.size * 2);
  }
}
