import { z } from 'zod';
import type { RouteContract, RouteError } from '../../contract/route-contract.js';
import { errorSchema } from '../../contract/common-schemas.js';
import { describeError, type ErrorCode } from '../../../lib/error-catalogue.js';
import { ROUTE_TABLE } from '../../contract/route-table.js';

/** The version of the /api/v1 contract (info.version). */
export const API_VERSION = '1.0.0';

type Json = Record<string, unknown>;

/** `:param` (Koa) to `{param}` (OpenAPI). */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Answers may grow new fields: drop `additionalProperties: false` from response schemas (requests keep it). */
function openResponseObjects(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(openResponseObjects);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Json)
      .filter(([key, inner]) => !(key === 'additionalProperties' && inner === false))
      .map(([key, inner]) => [key, openResponseObjects(inner)]),
  );
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Json;
  return io === 'output' ? (openResponseObjects(rest) as Json) : rest;
}

const errorRef = { $ref: '#/components/schemas/Error' };
const jsonContent = (schema: z.ZodType) => ({ 'application/json': { schema: jsonSchema(schema, 'output') } });
const binary = (contentType: string) => ({
  [contentType]: { schema: { type: 'string', contentMediaType: contentType } },
});
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorRef } } });

function parameters(spec: RouteContract): Json[] {
  const names = [...spec.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
  const inPath = names.map((name) => {
    const param = spec.params?.[name];
    const schema = param ? jsonSchema(param.schema, 'input') : { type: 'string' };
    return { name, in: 'path', required: true, description: param?.description ?? name, schema };
  });
  const inQuery = spec.query
    ? Object.entries(spec.query.shape).map(([name, schema]) => ({
        name,
        in: 'query',
        required: !(schema as z.ZodType).safeParse(undefined).success,
        schema: jsonSchema(schema as z.ZodType, 'input'),
      }))
    : [];
  return [...inPath, ...inQuery];
}

function requestBody(spec: RouteContract): Json | undefined {
  if (spec.body) return { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } };
  if (spec.upload) {
    type ObjectSchema = { properties?: Record<string, Json>; required?: string[] };
    const schema = jsonSchema(spec.upload.fields, 'input') as ObjectSchema;
    const file = { type: 'string', contentMediaType: spec.upload.mediaType, description: spec.upload.file };
    schema.properties = { file, ...schema.properties };
    schema.required = ['file', ...(schema.required ?? [])];
    return { required: true, content: { 'multipart/form-data': { schema } } };
  }
  if (spec.binaryBody) {
    const { contentType, description } = spec.binaryBody;
    return { required: true, description, content: binary(contentType) };
  }
  return undefined;
}

/** The codes a route can answer, by status: those its contract implies and those it lists (`errors`). */
function errorsByStatus(spec: RouteContract): Map<string, ErrorCode[]> {
  const implied: RouteError[] = [];
  if (spec.body) implied.push('invalid_json', 'payload_too_large', 'invalid_request');
  if (spec.upload) implied.push({ code: 'invalid_request', status: 400 }, 'payload_too_large', 'invalid_request');
  if (spec.query) implied.push('invalid_request');
  if (spec.auth !== 'public') implied.push('unauthenticated', 'csrf_rejected');
  if (spec.auth !== 'public' && spec.scope) implied.push('insufficient_scope');
  if (spec.auth === 'admin' || (spec.access && spec.access.kind !== 'list')) implied.push('forbidden');
  for (const param of Object.values(spec.params ?? {})) implied.push(param.invalid?.code ?? 'not_found');
  if (spec.access && spec.access.kind !== 'list') implied.push('not_found');
  const byStatus = new Map<string, ErrorCode[]>();
  for (const error of [...implied, ...(spec.errors ?? [])]) {
    const { code, status } = typeof error === 'string' ? { code: error, status: describeError(error).status } : error;
    const codes = byStatus.get(String(status)) ?? [];
    if (!codes.includes(code)) codes.push(code);
    byStatus.set(String(status), codes);
  }
  return byStatus;
}

/** Success answers from the contract; each error status lists its codes with the catalogue's summaries. */
function responses(spec: RouteContract): Json {
  const out: Json = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    const { description } = response;
    if (Number(status) >= 400) out[status] = errorResponse(description);
    else if (response.schema) out[status] = { description, content: jsonContent(response.schema) };
    else if (response.contentType) out[status] = { description, content: binary(response.contentType) };
    else out[status] = { description };
  }
  for (const [status, codes] of errorsByStatus(spec)) {
    const listed = codes.map((code) => `${code}: ${describeError(code).summary}`).join('; ');
    const existing = out[status] as { description: string } | undefined;
    const description = existing ? `${existing.description}; ${listed}` : listed;
    out[status] = { ...errorResponse(description), 'x-segl-errors': codes };
  }
  out.default = errorResponse('server_error or another error');
  return out;
}

/** The OpenAPI 3.1 document for a route table. */
export function buildOpenApiDocument(options: {
  routes: readonly RouteContract[];
  serverUrl: string;
  version: string;
}): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of options.routes) {
    const path = toOpenApiPath(spec.path);
    const body = requestBody(spec);
    const params = parameters(spec);
    (paths[path] ??= {})[spec.method] = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [spec.tag],
      security: spec.auth === 'public' ? [] : [{ bearerAuth: [] }, { cookieSession: [] }],
      ...(params.length ? { parameters: params } : {}),
      ...(body ? { requestBody: body } : {}),
      responses: responses(spec),
      ...(spec.auth === 'admin' ? { 'x-segl-role': 'admin' } : {}),
      ...(spec.scope ? { 'x-segl-scope': spec.scope } : {}),
      ...(spec.access && spec.access.kind !== 'list' ? { 'x-segl-folder-role': spec.access.minimum } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Segl API',
      version: options.version,
      description:
        'Self-hosted document signing. Errors are JSON {error, message} with a stable snake_case error code.',
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: options.serverUrl }],
    security: [{ bearerAuth: [] }, { cookieSession: [] }],
    tags: [...new Set(options.routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'segl_...',
          description: 'an API token (`segl_` followed by 43 base64url characters)',
        },
        cookieSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'segl_session',
          description:
            'a staff session (password + TOTP, or single sign-on); unsafe requests must send JSON and a ' +
            'same-origin Origin',
        },
      },
      schemas: { Error: jsonSchema(errorSchema, 'output') },
    },
  };
}

/** The appliance's document: every route of the route table, served from `serverUrl`. */
export function buildApplianceOpenApi(options: { serverUrl: string }): Json {
  return buildOpenApiDocument({ routes: ROUTE_TABLE, serverUrl: options.serverUrl, version: API_VERSION });
}
