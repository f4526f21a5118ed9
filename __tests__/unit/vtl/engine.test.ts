/**
 * The engine's contract beyond single renders: compile once and render many
 * times with nothing carried over, the caller's $context written only where
 * overrides go, no way out of the template's own values, and errors as
 * TemplateError.
 */
import { compileTemplate, TemplateError, TemplateJsonError, type TemplateScope } from '../../../lib/dataplane/vtl';

function scope(body = '', params: Partial<TemplateScope['input']['params']> = {}, context: Record<string, unknown> = {}): TemplateScope {
  return {
    input: { body, params: { path: {}, querystring: {}, header: {}, ...params } },
    context: { requestOverride: { header: {}, querystring: {}, path: {} }, responseOverride: { header: {} }, ...context },
    stageVariables: {},
  };
}

describe('compile once, render many', () => {
  test('variables set in one render are gone in the next', () => {
    const t = compileTemplate("#if($input.params('v') != '')#set($x = $input.params('v'))#end[$x]");
    expect(t.render(scope('', { querystring: { v: 'first' } }))).toBe('[first]');
    expect(t.render(scope())).toBe('[]');
  });

  test('a render that changes its payload objects does not change the next render', () => {
    const t = compileTemplate("#set($root = $input.path('$'))#set($ok = $root.put('added', 1))#set($ok = $root.list.add(9))$input.json('$')");
    expect(t.render(scope('{"list":[1]}'))).toBe('{"list":[1,9],"added":1}');
    expect(t.render(scope('{"list":[1]}'))).toBe('{"list":[1,9],"added":1}');
  });

  test('interleaved renders of the same template keep their own loop and #stop state', () => {
    const t = compileTemplate("#foreach($i in $input.path('$'))#if($i == 0)#stop#end$i#end.");
    const renders = [t.render(scope('[1,2,0,3]')), t.render(scope('[4,5]')), t.render(scope('[0]'))];
    expect(renders).toEqual(['12', '45.', '']);
  });

  test('$util is shared but cannot be changed by a template', () => {
    const t = compileTemplate('#set($util.x = 1)[$util.x]');
    expect(t.render(scope())).toBe('[]');
    expect(t.render(scope())).toBe('[]');
  });

  test('many renders give the same answer', () => {
    const t = compileTemplate("#foreach($p in $input.path('$.pets'))$p.name#if($foreach.hasNext),#end#end");
    const body = JSON.stringify({ pets: [{ name: 'a' }, { name: 'b' }] });
    const outputs = new Set(Array.from({ length: 50 }, () => t.render(scope(body))));
    expect([...outputs]).toEqual(['a,b']);
  });
});

describe('$context', () => {
  test('overrides write into the caller\'s objects', () => {
    const s = scope();
    compileTemplate("#set($context.responseOverride.header.Location = '/x')#set($context.requestOverride.querystring.q = 'v')").render(s);
    expect(s.context.responseOverride).toEqual({ header: { Location: '/x' } });
    expect(s.context.requestOverride).toEqual({ header: {}, querystring: { q: 'v' }, path: {} });
  });

  test('only overrides are final: other $context values can be set twice', () => {
    const s = scope();
    expect(compileTemplate('#set($context.mine = 1)#set($context.mine = 2)$context.mine').render(s)).toBe('2');
  });

  test('an override the caller did not prepare is ignored, not an error', () => {
    const s: TemplateScope = { input: { body: '', params: { path: {}, querystring: {}, header: {} } }, context: {}, stageVariables: {} };
    expect(compileTemplate("#set($context.requestOverride.header.X = 'v')ok").render(s)).toBe('ok');
    expect(s.context).toEqual({});
  });

  test('each render may set each override once', () => {
    const t = compileTemplate('#set($context.responseOverride.status = 201)');
    const a = scope();
    const b = scope();
    t.render(a);
    t.render(b);
    expect([(a.context.responseOverride as { status: number }).status, (b.context.responseOverride as { status: number }).status]).toEqual([201, 201]);
  });
});

describe('safety', () => {
  test('prototype keys neither read nor write anything', () => {
    const t = compileTemplate(
      '#set($m = {})#set($m.__proto__ = "x")#set($m["__proto__"] = "y")[$m.constructor][$context.toString][$m.__proto__][$m.size()]',
    );
    expect(t.render(scope())).toBe('[][][][0]');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test('a JSON payload with a __proto__ key stays data', () => {
    const t = compileTemplate("$input.path('$').keySet() $input.path('$.__proto__.a')");
    expect(t.render(scope('{"__proto__": {"a": 1}}'))).toBe('[__proto__] 1');
  });

  test('JavaScript members of values are not reachable', () => {
    const t = compileTemplate("[$input.body.length][$input.constructor][$input.path('$').hasOwnProperty('a')][$util.constructor.name]");
    expect(t.render(scope('{"a":1}'))).toBe('[][][][]');
  });
});

describe('errors', () => {
  test('syntax errors throw TemplateError at compile time with the position', () => {
    expect(() => compileTemplate('line1\n#foreach($i in $l)\nno end')).toThrow(/#foreach is never closed by #end at line 2/);
    expect(() => compileTemplate('#else')).toThrow(TemplateError);
    expect(() => compileTemplate('#if(')).toThrow(TemplateError);
  });

  test('a payload that is not JSON: body and params still work, json/path fail with TemplateJsonError', () => {
    const s = scope('a=1&b=2', { querystring: { q: 'v' } });
    expect(compileTemplate("$input.body $input.params('q')").render(s)).toBe('a=1&b=2 v');
    expect(() => compileTemplate("$input.path('$.a')").render(s)).toThrow(TemplateJsonError);
  });

  test('an invalid JSONPath fails the render', () => {
    expect(() => compileTemplate("$input.json('$[')").render(scope('{}'))).toThrow(TemplateError);
  });

  test('a Java exception in a method fails the render as TemplateError', () => {
    expect(() => compileTemplate("$input.path('$.l').get(5)").render(scope('{"l":[]}'))).toThrow(/IndexOutOfBoundsException/);
  });

  test('an unknown macro renders as nothing, including names of JavaScript members', () => {
    expect(compileTemplate('a#nosuchmacro()b#toString()#constructor()c').render(scope())).toBe('abc');
  });
});
