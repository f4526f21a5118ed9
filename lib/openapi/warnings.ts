/**
 * @module openapi/warnings
 * The problems an import finds, collected as AWS reports them ("Errors and
 * warnings from importing your API into API Gateway"): an error discards the
 * whole import (400 BadRequestException, "Errors found during import:" and
 * one tab-indented line per error); a warning drops the construct it names
 * and the import goes on, answering the RestApi with `warnings` — unless
 * `failonwarnings=true`, which turns them into a 400 ("Warnings found during
 * import:" …) and nothing is written.
 *
 * Wordings recorded from AWS: the `requestParameters` type warning
 * (test_apigateway_import `put-rest-api-oas30-srv-url`), the malformed
 * integration error (an ImportRestApi answer quoted in localstack issue 4619),
 * "Invalid OpenAPI input." (aws-cli issue 8191) and the "Warnings found during
 * import:" prefix (quoted in aws/serverless-application-model). The
 * "Unable to put … on '<VERB>' for resource at path '<path>': <reason>" lines
 * follow AWS's pattern with our control plane's reasons. Wordings that are
 * ours (AWS's not recorded) say so where they are made.
 */
import { AwsError, BadRequestException } from '../aws/errors';

/** Anything we cannot read as an OpenAPI 2.0 / 3.0 document (also OpenAPI 3.1, which AWS refuses). */
export const INVALID_INPUT = 'Invalid OpenAPI input.';

export function malformedIntegration(path: string): BadRequestException {
  return new BadRequestException(`Unable to parse API definition because of a malformed integration at path ${path}.`);
}

/** A value of the wrong JSON type inside an extension's map (AWS drops the entry). */
export function invalidFormat(field: string, property: string, resourcePath: string, method: string, got: unknown): string {
  return (
    `Invalid format for '${field}'. Expected type string for property '${property}' of resource '${resourcePath}' ` +
    `and method '${method}' but got '${javaString(got)}'`
  );
}

/** How Java prints a JSON value in these messages (`true`, `12`, `{a=1}` is close enough for objects). */
function javaString(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export class ImportIssues {
  readonly warnings: string[] = [];
  readonly errors: string[] = [];

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  error(message: string): void {
    if (!this.errors.includes(message)) this.errors.push(message);
  }

  /**
   * Runs `fn`; an AwsError it throws (a control-plane check failing) becomes
   * an import error prefixed with `context` (e.g. "Unable to put integration
   * on 'GET' for resource at path '/pets'"). Returns undefined then.
   */
  attempt<T>(context: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      this.error(`${context}: ${e.message}`);
      return undefined;
    }
  }

  /** Throws AWS's answer when the import must not be written. */
  throwIfFailed(failOnWarnings: boolean): void {
    if (this.errors.length) throw new BadRequestException(`Errors found during import:\n\t${this.errors.join('\n\t')}`);
    if (failOnWarnings && this.warnings.length) {
      throw new BadRequestException(`Warnings found during import:\n\t${this.warnings.join('\n\t')}`);
    }
  }
}
