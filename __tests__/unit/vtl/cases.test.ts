/**
 * Drives the VTL case table (fixtures/vtl/cases.ts): each case renders its
 * template against its input and compares with what API Gateway renders.
 * The sources of each group are written in the table.
 */
import { compileTemplate, TemplateError, type TemplateScope } from '../../../lib/dataplane/vtl';
import { DEFAULT_CONTEXT, VTL_CASES, type VtlCase } from '../../../fixtures/vtl/cases';

function scopeFor(c: VtlCase): TemplateScope {
  return {
    input: {
      body: c.body ?? '',
      params: { path: {}, querystring: {}, header: {}, ...c.params },
    },
    context: {
      ...structuredClone(DEFAULT_CONTEXT),
      ...structuredClone(c.context ?? {}),
      requestOverride: { header: {}, querystring: {}, path: {} },
      responseOverride: { header: {} },
    },
    stageVariables: c.stageVariables ?? {},
  };
}

test('the table has at least 60 cases', () => {
  expect(VTL_CASES.reduce((n, g) => n + g.cases.length, 0)).toBeGreaterThanOrEqual(60);
});

describe.each(VTL_CASES.map((g) => [g.group, g] as const))('%s', (_group, group) => {
  test.each(group.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.error === 'compile') {
      expect(() => compileTemplate(c.template)).toThrow(TemplateError);
      return;
    }
    const template = compileTemplate(c.template);
    const scope = scopeFor(c);
    if (c.error === 'render') {
      expect(() => template.render(scope)).toThrow(TemplateError);
      return;
    }
    const out = template.render(scope);
    if (c.expected !== undefined) expect(out).toBe(c.expected);
    if (c.expectedJson !== undefined) expect(JSON.parse(out)).toEqual(c.expectedJson);
    for (const [key, value] of Object.entries(c.expectedContext ?? {})) expect(scope.context[key]).toEqual(value);
  });
});
