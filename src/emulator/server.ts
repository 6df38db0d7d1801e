import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorAdmin } from './admin.ts';
import { ADMIN_PREFIX, handleAdmin } from './admin-http.ts';
import type { Engine } from './engine/engine.ts';
import type { EmulatorCertificate } from './tls.ts';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, method: string, status: number, headers: Record<string, string>, body: unknown): void {
  const text = body === undefined || status === 204 || method === 'HEAD' ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** HTTPS transport: ARM requests go to the engine, `/_emulator/…` to the admin API. */
export function createEmulatorServer(engine: Engine, admin: EmulatorAdmin, cert: EmulatorCertificate): Server {
  return createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    void (async () => {
      const method = (req.method ?? 'GET').toUpperCase();
      let bodyText: string;
      try {
        bodyText = await readBody(req);
      } catch (e) {
        send(res, method, 413, {}, { error: { code: 'RequestEntityTooLarge', message: (e as Error).message } });
        return;
      }
      // Concatenated, not resolved: a path starting with `//` (an SDK joining `/{+resourceId}`) must stay a path.
      const url = new URL(`https://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`);
      if (url.pathname.startsWith(ADMIN_PREFIX)) {
        let parsed: unknown;
        try {
          parsed = bodyText.trim() ? JSON.parse(bodyText) : undefined;
        } catch {
          send(res, method, 400, {}, { error: { code: 'InvalidRequestContent', message: 'The admin request body is not JSON.' } });
          return;
        }
        const out = handleAdmin(admin, method, url.pathname, parsed);
        send(res, method, out.status, {}, out.body);
        return;
      }
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      const response = engine.handle({ method, url, headers, bodyText });
      if (response.destroy) {
        req.socket.destroy();
        return;
      }
      send(res, method, response.status, response.headers, response.body);
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 'GET', 500, {}, { error: { code: 'InternalServerError', message: String(e) } });
    });
  });
}
