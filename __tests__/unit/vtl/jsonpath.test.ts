/**
 * The JSONPath subset API Gateway (Jayway JsonPath) evaluates. The document and
 * most expectations are the classic examples from Goessner's JSONPath article
 * and the Jayway README, which the Developer Guide points to for $input.json/path.
 */
import { evaluateJsonPath, isDefiniteJsonPath, JsonPathError } from '../../../lib/dataplane/vtl/jsonpath';
import { isJsonArray, javaToString } from '../../../lib/dataplane/vtl/java-print';

const store = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
      { category: 'fiction', author: 'J. R. R. Tolkien', title: 'The Lord of the Rings', isbn: '0-395-19395-8', price: 22.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  expensive: 10,
};

const titles = (v: unknown): unknown => (v as Array<{ title: string }>).map((b) => b.title);

describe('definite paths answer the value', () => {
  test.each([
    ['$', store],
    ['$.expensive', 10],
    ['$.store.bicycle.color', 'red'],
    ["$['store']['bicycle']['color']", 'red'],
    ['$["store"]["bicycle"].price', 19.95],
    ['$.store.book[0].title', 'Sayings of the Century'],
    ['$.store.book[-1].title', 'The Lord of the Rings'],
    ['$.store.book[2].isbn', '0-553-21311-3'],
  ])('%s', (path, expected) => {
    expect(evaluateJsonPath(store, path)).toEqual(expected);
  });

  test('a path without $ is read from the root, as Jayway does', () => {
    expect(evaluateJsonPath(store, 'expensive')).toBe(10);
    expect(evaluateJsonPath(store, 'store.bicycle.color')).toBe('red');
  });

  test('an empty path is the whole document', () => {
    expect(evaluateJsonPath(store, '')).toBe(store);
  });

  test('a definite path that is not there is undefined (JSON null stays null)', () => {
    expect(evaluateJsonPath(store, '$.nope')).toBeUndefined();
    expect(evaluateJsonPath(store, '$.store.book[10]')).toBeUndefined();
    expect(evaluateJsonPath(store, '$.store.bicycle.color.x')).toBeUndefined();
    expect(evaluateJsonPath(store, '$[0]')).toBeUndefined();
    expect(evaluateJsonPath({ a: null }, '$.a')).toBeNull();
  });

  test('a union of names as the last step is a map of those keys (Jayway merge)', () => {
    expect(evaluateJsonPath(store, "$.store.bicycle['color','price']")).toEqual({ color: 'red', price: 19.95 });
    expect(evaluateJsonPath(store, "$.store.bicycle['color','nope']")).toEqual({ color: 'red' });
  });

  test('array roots', () => {
    expect(evaluateJsonPath([10, 20, 30], '$[1]')).toBe(20);
    expect(evaluateJsonPath([10, 20, 30], '$.a')).toBeUndefined();
  });
});

describe('indefinite paths answer a JSON list', () => {
  test.each([
    ['$.store.book[*].author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
    ['$..author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
    ['$.store.book[0,1].title', ['Sayings of the Century', 'Sword of Honour']],
    ['$.store.book[:2].price', [8.95, 12.99]],
    ['$.store.book[2:].price', [8.99, 22.99]],
    ['$.store.book[-2:].price', [8.99, 22.99]],
    ['$.store.book[0:4:2].price', [8.95, 8.99]],
    ['$.store..price', [8.95, 12.99, 8.99, 22.99, 19.95]],
    ['$..book[2].title', ['Moby Dick']],
    ['$.store.bicycle.*', ['red', 19.95]],
  ])('%s', (path, expected) => {
    const result = evaluateJsonPath(store, path);
    expect(result).toEqual(expected);
    expect(isJsonArray(result)).toBe(true);
  });

  test('deep scan finds parents before their descendants', () => {
    const doc = { a: { b: 1, c: { b: 2 } }, b: 0 };
    expect(evaluateJsonPath(doc, '$..b')).toEqual([0, 1, 2]);
  });

  test('no match is an empty list', () => {
    expect(evaluateJsonPath(store, '$..nope')).toEqual([]);
    expect(evaluateJsonPath(store, '$.store.book[*].nope')).toEqual([]);
  });

  test('a list answer prints as JSON, as API Gateway prints its JSON arrays', () => {
    expect(javaToString(evaluateJsonPath(store, '$.store.book[0,1].price'))).toBe('[8.95,12.99]');
  });
});

describe('filters', () => {
  test.each([
    ['$.store.book[?(@.isbn)]', ['Moby Dick', 'The Lord of the Rings']],
    ['$.store.book[?(!@.isbn)]', ['Sayings of the Century', 'Sword of Honour']],
    ['$.store.book[?(@.price < 10)]', ['Sayings of the Century', 'Moby Dick']],
    ['$.store.book[?(@.price <= 8.99)]', ['Sayings of the Century', 'Moby Dick']],
    ["$.store.book[?(@.category == 'fiction' && @.price > 10)]", ['Sword of Honour', 'The Lord of the Rings']],
    ["$.store.book[?(@.category != 'fiction' || @.price > 20)]", ['Sayings of the Century', 'The Lord of the Rings']],
    ['$.store.book[?(@.author =~ /.*REES/i)]', ['Sayings of the Century']],
    ['$.store.book[?(@.price > $.expensive)]', ['Sword of Honour', 'The Lord of the Rings']],
    ["$.store.book[?(@.category in ['reference'])]", ['Sayings of the Century']],
    ["$.store.book[?(@.category nin ['fiction'])]", ['Sayings of the Century']],
    ['$..book[?(@.title contains "Moby")]', ['Moby Dick']],
    ['$.store.book[?((@.price < 9) && !(@.isbn))]', ['Sayings of the Century']],
  ])('%s', (path, expected) => {
    expect(titles(evaluateJsonPath(store, path))).toEqual(expected);
  });

  test('size and empty', () => {
    const doc = { items: [{ tags: ['a', 'b'] }, { tags: [] }, { tags: ['c'] }] };
    expect(evaluateJsonPath(doc, '$.items[?(@.tags size 2)].tags')).toEqual([['a', 'b']]);
    expect(evaluateJsonPath(doc, '$.items[?(@.tags empty true)]')).toEqual([{ tags: [] }]);
  });

  test('a filter on an object tests the object itself', () => {
    expect(evaluateJsonPath({ o: { n: 1 } }, '$.o[?(@.n == 1)]')).toEqual([{ n: 1 }]);
  });
});

test('definite and indefinite paths', () => {
  expect(isDefiniteJsonPath('$.a.b[0]')).toBe(true);
  expect(isDefiniteJsonPath("$['a','b']")).toBe(true);
  expect(isDefiniteJsonPath("$['a','b'].c")).toBe(false);
  expect(isDefiniteJsonPath('$.a[*]')).toBe(false);
  expect(isDefiniteJsonPath('$..a')).toBe(false);
  expect(isDefiniteJsonPath('$.a[0,1]')).toBe(false);
  expect(isDefiniteJsonPath('$.a[?(@.x)]')).toBe(false);
});

test.each(['$.', '$[', "$['a'", '$.a[?(@.x ==)]', '$a', '$.a[x]'])('%s is not a valid path', (path) => {
  expect(() => evaluateJsonPath(store, path)).toThrow(JsonPathError);
});
