/**
 * Data-plane test helpers: build and deploy a REST API through the real
 * control-plane operations (supertest against createApp, or fetch against a
 * running server), and a throwaway HTTP backend on an ephemeral 127.0.0.1
 * port that the test controls and stops.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';

export interface MethodDef {
  authorizationType?: string;
  requestParameters?: Record<string, boolean>;
  integration: Record<string, unknown> & { type: string };
  /** statusCode → integration response body (PutIntegrationResponse). */
  integrationResponses?: Record<string, Record<string, unknown>>;
  /** statusCode → method response body (PutMethodResponse); defaults to the integration responses' codes. */
  methodResponses?: Record<string, Record<string, unknown>>;
}

export interface ApiDef {
  name?: string;
  binaryMediaTypes?: string[];
  resources: Record<string, Record<string, MethodDef>>;
  stageName?: string;
  variables?: Record<string, string>;
}

export interface Deployed {
  apiId: string;
  deploymentId: string;
  stageName: string;
  resourceIds: Record<string, string>;
}

type Agent = ReturnType<typeof request>;

async function ok(res: request.Response | Promise<request.Response>, what: string): Promise<request.Response> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r;
}

/** Creates the API, its resources and methods, and deploys it to a stage. */
export async function deployApi(agent: Agent, def: ApiDef): Promise<Deployed> {
  const api = (await ok(agent.post('/restapis').send({ name: def.name ?? 'dp-test', binaryMediaTypes: def.binaryMediaTypes }), 'CreateRestApi')).body;
  const ids: Record<string, string> = { '/': api.rootResourceId };
  const ensure = async (path: string): Promise<string> => {
    if (ids[path]) return ids[path];
    const cut = path.lastIndexOf('/');
    const parent = await ensure(cut === 0 ? '/' : path.slice(0, cut));
    const r = await ok(agent.post(`/restapis/${api.id}/resources/${parent}`).send({ pathPart: path.slice(cut + 1) }), `CreateResource ${path}`);
    ids[path] = r.body.id;
    return r.body.id;
  };
  for (const [path, methods] of Object.entries(def.resources)) {
    const rid = await ensure(path);
    for (const [verb, m] of Object.entries(methods)) {
      const base = `/restapis/${api.id}/resources/${rid}/methods/${verb}`;
      await ok(agent.put(base).send({ authorizationType: m.authorizationType ?? 'NONE', requestParameters: m.requestParameters }), `PutMethod ${verb} ${path}`);
      const codes = m.methodResponses ?? Object.fromEntries(Object.keys(m.integrationResponses ?? {}).map((c) => [c, {}]));
      for (const [code, body] of Object.entries(codes)) await ok(agent.put(`${base}/responses/${code}`).send(body), `PutMethodResponse ${code}`);
      await ok(agent.put(`${base}/integration`).send(m.integration), `PutIntegration ${verb} ${path}`);
      for (const [code, body] of Object.entries(m.integrationResponses ?? {}))
        await ok(agent.put(`${base}/integration/responses/${code}`).send(body), `PutIntegrationResponse ${code}`);
    }
  }
  const stageName = def.stageName ?? 'dev';
  const dep = await ok(agent.post(`/restapis/${api.id}/deployments`).send({ stageName, variables: def.variables }), 'CreateDeployment');
  return { apiId: api.id, deploymentId: dep.body.id, stageName, resourceIds: ids };
}

/** `/restapis/{id}/{stage}/_user_request_{path}` */
export const invokePath = (d: Deployed, path: string): string => `/restapis/${d.apiId}/${d.stageName}/_user_request_${path}`;

export interface Backend {
  url: string;
  port: number;
  /** Every request the backend received, in order. */
  received: { method: string; url: string; headers: http.IncomingHttpHeaders; rawHeaders: string[]; body: Buffer }[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1:0 answering with `handler` (which also sees the buffered body). */
export async function startBackend(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void): Promise<Backend> {
  const received: Backend['received'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
