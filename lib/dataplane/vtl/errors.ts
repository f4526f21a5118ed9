/**
 * @module dataplane/vtl/errors
 * Errors of the mapping-template engine. API Gateway answers a template that
 * does not parse, or fails while rendering, with a 500; the caller maps
 * TemplateError to that answer.
 */

/** A template that does not parse, or that fails while rendering. */
export class TemplateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateError';
  }
}

/** `$input.json`/`$input.path`/`$util.parseJson` met text that is not JSON. */
export class TemplateJsonError extends TemplateError {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateJsonError';
  }
}
