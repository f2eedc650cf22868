// Tencent Cloud's official Node.js SDK (tencentcloud-sdk-nodejs-cvm, pinned in
// package.json) pointed at the e2e server exactly as the README tells a user:
// a host:port endpoint and the http protocol, nothing else.
import { expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { cvm } from 'tencentcloud-sdk-nodejs-cvm';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import type { APIKey } from './accounts';
import { API_PORT, PORT } from './env';

export type CvmClient = InstanceType<typeof cvm.v20170312.Client>;

/** The endpoints a user may give the SDK: the API listener, the console, and the console's /api. */
export const ENDPOINTS = {
  apiListener: `127.0.0.1:${API_PORT}`,
  apiListenerByName: `localhost:${API_PORT}`,
  console: `127.0.0.1:${PORT}`,
  consoleApi: `127.0.0.1:${PORT}/api`,
};

function profile(endpoint: string) {
  return { httpProfile: { endpoint, protocol: 'http://' } };
}

/** A CVM client of a key, in a region, at an endpoint (the API listener by default). */
export function cvmClient(key: APIKey, region = 'ap-guangzhou', endpoint = ENDPOINTS.apiListener): CvmClient {
  return new cvm.v20170312.Client({
    credential: { secretId: key.secretId, secretKey: key.secretKey },
    region,
    profile: profile(endpoint),
  });
}

/** The SDK's common client, for actions its typed client does not know. */
export function commonClient(key: APIKey, region = 'ap-guangzhou'): CommonClient {
  return new CommonClient('cvm.tencentcloudapi.com', '2017-03-12', {
    credential: { secretId: key.secretId, secretKey: key.secretKey },
    region,
    profile: profile(ENDPOINTS.apiListener),
  });
}

/** The error code a call fails with (the SDK's TencentCloudSDKHttpException), or '' if it succeeds. */
export async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return '';
  } catch (e) {
    const code = (e as { code?: string }).code;
    expect(code, `the call failed without an API error code: ${String(e)}`).toBeTruthy();
    return code!;
  }
}

// --- The SDK's models ---------------------------------------------------------

type Field = { name: string; type: string };

const MODELS = path.join(
  require.resolve('tencentcloud-sdk-nodejs-cvm'),
  '..',
  'services',
  'cvm',
  'v20170312',
  'cvm_models.d.ts',
);

/** Every interface of the SDK's cvm_models.d.ts, with its fields and their TypeScript types. */
const interfaces: Map<string, Field[]> = (() => {
  const out = new Map<string, Field[]>();
  const source = readFileSync(MODELS, 'utf8');
  for (const [, name, body] of source.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const fields = [...body.matchAll(/^ {4}(\w+)\??: ([^;]+);$/gm)].map(([, field, type]) => ({ name: field, type }));
    out.set(name, fields);
  }
  return out;
})();

/**
 * Fails unless value has every field the SDK's model `type` declares, each
 * present (never null or missing: lists are []), of its declared type,
 * recursing into objects and list items. Returns the problems found.
 */
export function modelProblems(value: unknown, type: string, at = type): string[] {
  const list = type.match(/^Array<(.+)>$/);
  if (list) {
    if (!Array.isArray(value)) return [`${at} is ${JSON.stringify(value)}, want a list`];
    return value.flatMap((item, i) => modelProblems(item, list[1], `${at}[${i}]`));
  }
  if (value === null || value === undefined) return [`${at} is missing`];
  const primitive: Record<string, string> = { string: 'string', number: 'number', boolean: 'boolean' };
  if (primitive[type]) {
    return typeof value === primitive[type] ? [] : [`${at} is ${JSON.stringify(value)}, want a ${type}`];
  }
  const fields = interfaces.get(type);
  if (!fields) return []; // a type the models do not spell out (any, unions)
  if (typeof value !== 'object') return [`${at} is ${JSON.stringify(value)}, want a ${type}`];
  const obj = value as Record<string, unknown>;
  return fields.flatMap((f) => modelProblems(obj[f.name], f.type, `${at}.${f.name}`));
}

/** Asserts that an action's response has every field of the SDK's `<Action>Response` model. */
export function expectModel(action: string, response: unknown): void {
  expect(interfaces.has(`${action}Response`), `the SDK has no model ${action}Response`).toBeTruthy();
  expect(modelProblems(response, `${action}Response`)).toEqual([]);
}

/** The values an enumerated field of the SDK's models documents (as the README and SPEC 8 list them). */
export const DOCUMENTED = {
  Architecture: ['x86_64', 'arm', 'i386'],
  ImageSource: ['OFFICIAL', 'CREATE_IMAGE', 'EXTERNAL_IMPORT'],
  ImageType: ['PUBLIC_IMAGE', 'PRIVATE_IMAGE', 'SHARED_IMAGE'],
};

// --- Traffic an eavesdropper captures -----------------------------------------

export interface Captured {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A pass-through proxy in front of the API listener that records every
 * request: point an SDK client at `endpoint` and what it sends is in `seen`,
 * as someone on the path would capture it. The SDK signs the Host without
 * its port, so the server accepts the request as forwarded.
 */
export async function startCapture(): Promise<{ endpoint: string; seen: Captured[]; close: () => Promise<void> }> {
  const seen: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const upstream = http.request(
        { host: '127.0.0.1', port: API_PORT, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode!, up.headers);
          up.pipe(res);
        },
      );
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The last captured request of an action. */
export function lastOf(seen: Captured[], action: string): Captured {
  const found = seen.filter((r) => r.headers['x-tc-action'] === action).pop();
  expect(found, `no ${action} request was captured`).toBeTruthy();
  return found!;
}

/**
 * Sends a captured request again, byte for byte but for `headers`, to a
 * listener's port, from a local address (127.0.0.2: not the SDK's), and
 * returns the envelope's Response.
 */
export function resend(
  req: Captured,
  opts: { port: number; from: string; headers?: Record<string, string> },
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const out = http.request(
      {
        host: '127.0.0.1',
        port: opts.port,
        localAddress: opts.from,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            expect(res.statusCode, 'the API answers every request with HTTP 200').toBe(200);
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).Response);
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    out.on('error', reject);
    out.end(req.body);
  });
}

/** The error code of a resent request's Response, or '' for a success. */
export function responseCode(response: Record<string, unknown>): string {
  return ((response.Error as { Code?: string } | undefined)?.Code as string) ?? '';
}
