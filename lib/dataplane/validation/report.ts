/**
 * @module dataplane/validation/report
 * The messages one validation collects. The validator stops descending into
 * an instance's members once its report holds an error (see instance.ts), so
 * whether a report is still clean steers the traversal; `allOf`, `anyOf`,
 * `oneOf` and `not` validate each branch into a fresh report of their own.
 */
export class Report {
  readonly errors: string[] = [];
  error(message: string): void {
    this.errors.push(message);
  }
  get ok(): boolean {
    return this.errors.length === 0;
  }
}
