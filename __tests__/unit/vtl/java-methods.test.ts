/**
 * Java semantics of template values: String/List/Map methods (the JDK's
 * documented behaviour), Velocity 1.7 operators, Java printing, and the
 * $util functions' Java counterparts (Commons Lang escapeJavaScript,
 * java.net.URLEncoder/URLDecoder).
 */
import { MapEntry } from '../../../lib/dataplane/vtl/host';
import { invokeJavaMethod as call, readJavaIndex, readJavaProperty } from '../../../lib/dataplane/vtl/java-methods';
import { formatJavaNumber, javaArray, javaList, javaToString, parseJsonDocument, toJsonText } from '../../../lib/dataplane/vtl/java-print';
import { javaArithmetic, javaCompare, javaEquals, javaObjectEquals, javaTruthy } from '../../../lib/dataplane/vtl/java-ops';
import { JavaException } from '../../../lib/dataplane/vtl/java-string';
import { escapeJavaScript, urlDecode, urlEncode } from '../../../lib/dataplane/vtl/util';

describe('String methods', () => {
  test.each<[string, string, unknown[], unknown]>([
    ['Hello', 'length', [], 5],
    ['', 'isEmpty', [], true],
    ['Hello', 'substring', [1], 'ello'],
    ['Hello', 'substring', [1, 3], 'el'],
    ['Hello', 'substring', [5], ''],
    ['Hello', 'indexOf', ['l'], 2],
    ['Hello', 'indexOf', ['l', 3], 3],
    ['Hello', 'indexOf', ['z'], -1],
    ['Hello', 'lastIndexOf', ['l'], 3],
    ['Hello', 'lastIndexOf', ['l', 2], 2],
    ['Hello', 'contains', ['ell'], true],
    ['Hello', 'startsWith', ['He'], true],
    ['Hello', 'startsWith', ['l', 2], true],
    ['Hello', 'endsWith', ['lo'], true],
    ['Hello', 'toUpperCase', [], 'HELLO'],
    ['Hello', 'toLowerCase', [], 'hello'],
    [' \t\u0001hi \n', 'trim', [], 'hi'],
    ['a.b.c', 'replace', ['.', '/'], 'a/b/c'],
    ['abc', 'replace', ['', '-'], '-a-b-c-'],
    ['a1b22c', 'replaceAll', ['[0-9]+', '#'], 'a#b#c'],
    ['a1b22c', 'replaceFirst', ['[0-9]+', '#'], 'a#b22c'],
    ['John Smith', 'replaceAll', ['(\\w+) (\\w+)', '$2, $1'], 'Smith, John'],
    ['cost', 'replaceAll', ['cost', '\\$5'], '$5'],
    ["it\\'s", 'replaceAll', ["\\\\'", "'"], "it's"],
    ['AbC', 'replaceAll', ['(?i)abc', 'x'], 'x'],
    ['Hello', 'equals', ['Hello'], true],
    ['Hello', 'equals', [5], false],
    ['Hello', 'equalsIgnoreCase', ['hELLO'], true],
    ['abc', 'matches', ['[a-c]+'], true],
    ['abcd', 'matches', ['[a-c]+'], false],
    ['Hello', 'charAt', [1], 'e'],
    ['Hello', 'concat', ['!'], 'Hello!'],
    ['a', 'compareTo', ['b'], -1],
    ['hello', 'hashCode', [], 99162322],
    ['Hello', 'toString', [], 'Hello'],
  ])('%j.%s(%j)', (s, method, args, expected) => {
    expect(call(s, method, args)).toEqual(expected);
  });

  test.each<[string, string, number | undefined, string[]]>([
    ['a,b,c', ',', undefined, ['a', 'b', 'c']],
    ['a,b,,', ',', undefined, ['a', 'b']],
    [',a', ',', undefined, ['', 'a']],
    [',', ',', undefined, []],
    ['', ',', undefined, ['']],
    ['a,b,c', ',', 2, ['a', 'b,c']],
    ['a,b,,', ',', -1, ['a', 'b', '', '']],
    ['a1b2c', '\\d', undefined, ['a', 'b', 'c']],
    ['abc', '', undefined, ['a', 'b', 'c']],
  ])('%j.split(%j, %j) has Java trailing-empty rules', (s, re, limit, expected) => {
    const parts = call(s, 'split', limit === undefined ? [re] : [re, limit]);
    expect([...(parts as string[])]).toEqual(expected);
  });

  test('split answers a Java array: it has size()/get() and prints as a Java array', () => {
    const parts = call('a,b', 'split', [',']);
    expect(call(parts, 'size', [])).toBe(2);
    expect(call(parts, 'get', [1])).toBe('b');
    expect(javaToString(parts)).toMatch(/^\[Ljava\.lang\.String;@[0-9a-f]+$/);
    expect(() => call(parts, 'add', ['c'])).toThrow(JavaException);
  });

  test('out-of-range indexes and bad patterns throw, as in Java', () => {
    expect(() => call('abc', 'substring', [4])).toThrow(JavaException);
    expect(() => call('abc', 'substring', [2, 1])).toThrow(JavaException);
    expect(() => call('abc', 'charAt', [3])).toThrow(JavaException);
    expect(() => call('abc', 'replaceAll', ['(', 'x'])).toThrow(JavaException);
    expect(() => call('abc', 'replaceAll', ['a', '$9'])).toThrow(JavaException);
  });

  test('no overload for the arguments, or no such method, is null', () => {
    expect(call('abc', 'substring', ['1'])).toBeNull();
    expect(call('abc', 'contains', [1])).toBeNull();
    expect(call('abc', 'length', [1])).toBeNull();
    expect(call('abc', 'frobnicate', [])).toBeNull();
    expect(call('abc', 'constructor', [])).toBeNull();
    expect(call(null, 'length', [])).toBeNull();
  });

  test('bean properties: $s.empty is isEmpty(); $s.length is not a property', () => {
    expect(readJavaProperty('', 'empty')).toBe(true);
    expect(readJavaProperty('abc', 'length')).toBeUndefined();
  });
});

describe('List methods', () => {
  test('add answers true and appends; add(i, x) inserts', () => {
    const list: unknown[] = [1];
    expect(call(list, 'add', [2])).toBe(true);
    expect(call(list, 'add', [0, 0])).toBeNull();
    expect(list).toEqual([0, 1, 2]);
  });

  test('get, size, isEmpty, contains and indexOf use Java equality', () => {
    const list = ['a', 1, { k: 'v' }];
    expect(call(list, 'get', [0])).toBe('a');
    expect(call(list, 'size', [])).toBe(3);
    expect(call([], 'isEmpty', [])).toBe(true);
    expect(call(list, 'contains', [1])).toBe(true);
    expect(call(list, 'contains', ['1'])).toBe(false);
    expect(call(list, 'contains', [{ k: 'v' }])).toBe(true);
    expect(call(list, 'indexOf', ['a'])).toBe(0);
    expect(call(['x', 'y', 'x'], 'lastIndexOf', ['x'])).toBe(2);
    expect(() => call(list, 'get', [3])).toThrow(JavaException);
  });

  test('set answers the previous element; remove by index or by value', () => {
    const list = ['a', 'b', 'c'];
    expect(call(list, 'set', [1, 'B'])).toBe('b');
    expect(call(list, 'remove', [0])).toBe('a');
    expect(call(list, 'remove', ['c'])).toBe(true);
    expect(call(list, 'remove', ['z'])).toBe(false);
    expect(list).toEqual(['B']);
  });

  test('subList, addAll, clear', () => {
    const list = [1, 2, 3, 4];
    expect([...(call(list, 'subList', [1, 3]) as unknown[])]).toEqual([2, 3]);
    expect(call(list, 'addAll', [[5]])).toBe(true);
    expect(list).toEqual([1, 2, 3, 4, 5]);
    expect(call(list, 'clear', [])).toBeNull();
    expect(list).toEqual([]);
  });

  test('$list.empty; $list[i]', () => {
    expect(readJavaProperty([], 'empty')).toBe(true);
    expect(readJavaIndex(['a', 'b'], 1)).toBe('b');
    expect(readJavaIndex(['a', 'b'], 2)).toBeUndefined();
    expect(readJavaIndex(['a', 'b'], '1')).toBeUndefined();
  });
});

describe('Map methods', () => {
  test('get, put (answers the previous value), containsKey, containsValue, remove', () => {
    const map: Record<string, unknown> = { a: 1 };
    expect(call(map, 'get', ['a'])).toBe(1);
    expect(call(map, 'get', ['b'])).toBeNull();
    expect(call(map, 'put', ['b', 2])).toBeNull();
    expect(call(map, 'put', ['b', 3])).toBe(2);
    expect(call(map, 'containsKey', ['b'])).toBe(true);
    expect(call(map, 'containsValue', [3])).toBe(true);
    expect(call(map, 'remove', ['a'])).toBe(1);
    expect(call(map, 'getOrDefault', ['a', 'dflt'])).toBe('dflt');
    expect(map).toEqual({ b: 3 });
  });

  test('keySet, values and entrySet keep insertion order', () => {
    const map = { z: 1, a: 'x' };
    expect([...(call(map, 'keySet', []) as unknown[])]).toEqual(['z', 'a']);
    expect([...(call(map, 'values', []) as unknown[])]).toEqual([1, 'x']);
    const entries = call(map, 'entrySet', []) as MapEntry[];
    expect(entries.map((e) => [call(e, 'getKey', []), readJavaProperty(e, 'value')])).toEqual([['z', 1], ['a', 'x']]);
    expect(javaToString(entries)).toBe('[z=1, a=x]');
  });

  test('size, isEmpty, putAll, clear', () => {
    const map: Record<string, unknown> = {};
    expect(call(map, 'isEmpty', [])).toBe(true);
    expect(call(map, 'putAll', [{ a: 1, b: 2 }])).toBeNull();
    expect(call(map, 'size', [])).toBe(2);
    call(map, 'clear', []);
    expect(map).toEqual({});
  });

  test('$map.key reads own entries only; nothing reaches Object.prototype', () => {
    const map: Record<string, unknown> = { a: 1 };
    expect(readJavaProperty(map, 'a')).toBe(1);
    expect(readJavaProperty(map, 'toString')).toBeUndefined();
    expect(readJavaProperty(map, 'constructor')).toBeUndefined();
    expect(readJavaIndex(map, 'a')).toBe(1);
    expect(call(map, 'put', ['__proto__', { polluted: true }])).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('numbers and booleans', () => {
  test('Integer/Double methods', () => {
    expect(call(7, 'toString', [])).toBe('7');
    expect(call(7.9, 'intValue', [])).toBe(7);
    expect(call(7, 'doubleValue', [])).toBe(7);
    expect(call(7, 'equals', [7])).toBe(true);
    expect(call(7, 'compareTo', [9])).toBe(-1);
    expect(call(true, 'toString', [])).toBe('true');
    expect(call(false, 'booleanValue', [])).toBe(false);
  });

  test.each<[number, string]>([
    [0, '0'],
    [42, '42'],
    [-3, '-3'],
    [2.5, '2.5'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [1.5e-7, '1.5E-7'],
    [12345678.9, '1.23456789E7'],
    [1e21, '1000000000000000000000'],
  ])('%d prints as Java prints it: %s', (n, text) => {
    expect(formatJavaNumber(n)).toBe(text);
  });
});

describe('printing', () => {
  test('maps as {k=v}, lists as [a, b], JSON lists as JSON, null inside as null', () => {
    expect(javaToString({ a: 1, b: 'x', c: null, d: { e: javaList([1, 2]) } })).toBe('{a=1, b=x, c=null, d={e=[1, 2]}}');
    expect(javaToString([1, 'a', { k: [true] }])).toBe('[1,"a",{"k":[true]}]');
    expect(javaToString(parseJsonDocument('{"l":[{"foo":"bar"}],"m":{"n":1}}'))).toBe('{l=[{"foo":"bar"}], m={n=1}}');
    expect(javaToString(javaArray(['a']))).toMatch(/^\[Ljava\.lang\.String;@/);
  });

  test('toJsonText is compact JSON', () => {
    expect(toJsonText({ a: [1, 'x'], b: null })).toBe('{"a":[1,"x"],"b":null}');
    expect(toJsonText('q"uote')).toBe('"q\\"uote"');
  });
});

describe('Velocity 1.7 operators', () => {
  test('truth: only null and false are false', () => {
    expect([null, undefined, false, true, '', 0, [], {}].map(javaTruthy)).toEqual([false, false, false, true, true, true, true, true]);
  });

  test('== compares numbers by value, other classes by their text', () => {
    expect(javaEquals(1, 1.0)).toBe(true);
    expect(javaEquals(1, '1')).toBe(true);
    expect(javaEquals('a', 'b')).toBe(false);
    expect(javaEquals(null, undefined)).toBe(true);
    expect(javaEquals(null, '')).toBe(false);
    expect(javaEquals({ a: 1 }, '{a=1}')).toBe(true);
    expect(javaObjectEquals(1, '1')).toBe(false);
  });

  test('ordering compares numbers only', () => {
    expect(javaCompare('<', 1, 2)).toBe(true);
    expect(javaCompare('>=', 2, 2)).toBe(true);
    expect(javaCompare('<', 'a', 'b')).toBe(false);
  });

  test('arithmetic keeps integers integral and concatenates strings', () => {
    expect(javaArithmetic('/', 7, 2)).toBe(3);
    expect(javaArithmetic('/', -7, 2)).toBe(-3);
    expect(javaArithmetic('/', 7, 2, true)).toBe(3.5);
    expect(javaArithmetic('/', 7.5, 2)).toBe(3.75);
    expect(javaArithmetic('%', 7, 3)).toBe(1);
    expect(javaArithmetic('/', 1, 0)).toBeNull();
    expect(javaArithmetic('+', 'a', 1)).toBe('a1');
    expect(javaArithmetic('-', 'a', 1)).toBeNull();
    expect(javaArithmetic('+', null, 1)).toBeNull();
  });
});

describe('$util functions', () => {
  test.each<[string, string]>([
    ["it's", "it\\'s"],
    ['say "hi"', 'say \\"hi\\"'],
    ['a/b\\c', 'a\\/b\\\\c'],
    ['\b\f\n\r\t', '\\b\\f\\n\\r\\t'],
    ['\u0000\u001f', '\\u0000\\u001F'],
    ['\u007f', '\u007f'],
    ['é', '\\u00E9'],
    ['Ā', '\\u0100'],
    ['€', '\\u20AC'],
    ['😀', '\\uD83D\\uDE00'],
    ['plain text 123', 'plain text 123'],
  ])('escapeJavaScript(%j) = %j (Commons Lang)', (input, expected) => {
    expect(escapeJavaScript(input)).toBe(expected);
  });

  test.each<[string, string]>([
    ['x=a+b', 'x%3Da%2Bb'],
    ['a b', 'a+b'],
    ["*-._!'()~", "*-._%21%27%28%29%7E"],
    ['é/?&', '%C3%A9%2F%3F%26'],
  ])('urlEncode(%j) = %j (URLEncoder)', (input, expected) => {
    expect(urlEncode(input)).toBe(expected);
  });

  test('urlDecode (URLDecoder): + is a space, UTF-8 escapes, malformed escapes throw', () => {
    expect(urlDecode('x=a+b')).toBe('x=a b');
    expect(urlDecode('%C3%A9%2F')).toBe('é/');
    expect(() => urlDecode('%zz')).toThrow(JavaException);
    expect(() => urlDecode('100%')).toThrow(JavaException);
  });
});
