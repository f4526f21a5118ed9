/** The three ways into a deployed stage (and what is not one). */
import { matchTarget } from '../../../lib/dataplane/target';

describe('matchTarget', () => {
  test('/restapis/{id}/{stage}/_user_request_/{path}', () => {
    expect(matchTarget('/restapis/abc123/dev/_user_request_/pets/1?x=1&y', 'localhost:4567')).toEqual({
      apiId: 'abc123',
      stageName: 'dev',
      path: '/pets/1',
      rawQuery: 'x=1&y',
      via: 'path',
    });
    expect(matchTarget('/restapis/abc123/dev/_user_request_', undefined)).toMatchObject({ path: '/', rawQuery: '' });
    expect(matchTarget('/restapis/abc123/dev/_user_request_/', undefined)).toMatchObject({ path: '/' });
  });

  test('control-plane paths under /restapis are not data-plane requests', () => {
    expect(matchTarget('/restapis', undefined)).toBeUndefined();
    expect(matchTarget('/restapis/abc123', undefined)).toBeUndefined();
    expect(matchTarget('/restapis/abc123/stages/dev', undefined)).toBeUndefined();
    expect(matchTarget('/restapis/abc123/resources/xyz/methods/GET', undefined)).toBeUndefined();
    expect(matchTarget('/restapis/abc123/dev/_user_request_x', undefined)).toBeUndefined();
  });

  test('/_aws/execute-api/{id}/{stage}/{path}', () => {
    expect(matchTarget('/_aws/execute-api/abc123/prod/a/b?q=1', undefined)).toEqual({
      apiId: 'abc123',
      stageName: 'prod',
      path: '/a/b',
      rawQuery: 'q=1',
      via: 'path',
    });
    expect(matchTarget('/_aws/execute-api/abc123/prod', undefined)).toMatchObject({ stageName: 'prod', path: '/' });
  });

  test('{id}.execute-api.localhost[:port] and {id}.execute-api.{region}.amazonaws.com', () => {
    expect(matchTarget('/dev/pets?a=b', 'abc123.execute-api.localhost:4567')).toEqual({
      apiId: 'abc123',
      stageName: 'dev',
      path: '/pets',
      rawQuery: 'a=b',
      via: 'host',
      region: undefined,
    });
    expect(matchTarget('/dev', 'ABC123.execute-api.eu-west-1.amazonaws.com')).toEqual({
      apiId: 'abc123',
      stageName: 'dev',
      path: '/',
      rawQuery: '',
      via: 'host',
      region: 'eu-west-1',
    });
    expect(matchTarget('/', 'abc123.execute-api.localhost')).toMatchObject({ stageName: '', path: '/' });
  });

  test('other hosts and paths are the control plane', () => {
    expect(matchTarget('/dev/pets', 'localhost:4567')).toBeUndefined();
    expect(matchTarget('/dev/pets', 'abc.execute-api.example.com')).toBeUndefined();
    expect(matchTarget('/_apigw/health', 'localhost')).toBeUndefined();
  });

  test('a %-encoded stage name is decoded', () => {
    expect(matchTarget('/restapis/abc/my%5Fstage/_user_request_/x', undefined)).toMatchObject({ stageName: 'my_stage' });
  });
});
