import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from './context.js';
import { DomainError } from './domain/domain-error.js';
import { authenticate } from './http/authenticate.js';
import { brandLogoRouter } from './http/brand-logo-route.js';
import { errorHandler } from './http/error-handler.js';
import { mountRoutes } from './http/route.js';
import { systemRouter } from './http/system-routes.js';
import { apiRoutes } from './routes/index.js';
import { API_CONNECTOR_BODY_LIMIT_BYTES } from './contract/api-connectors.js';

/**
 * The Express app: security headers with a strict Content-Security-Policy (no inline scripts, no
 * outside origins), JSON API routes with a body limit, health and metrics,
 * the OpenAPI document and reference, and the designer's built files.
 */
export function createApp(app: AppContext, isReady: () => boolean = () => true): Express {
  const server = express();
  server.disable('x-powered-by');
  server.set('trust proxy', 'loopback');
  server.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  server.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      app.metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  });
  server.use(systemRouter(app, apiRoutes, isReady));
  server.use(brandLogoRouter(app));
  // An OpenAPI document may be larger than other requests; the document's own cap (2 MiB) applies after.
  server.use('/api/v1/tenants/:tenantId/api-connectors', express.json({ limit: Math.max(app.config.bodyLimitBytes, API_CONNECTOR_BODY_LIMIT_BYTES), strict: false, type: ['application/json', 'application/*+json'] }));
  server.use('/api', express.json({ limit: app.config.bodyLimitBytes, strict: false, type: ['application/json', 'application/*+json'] }));
  server.use('/api', authenticate(app.sessions, app.apiRateLimit, app.serviceAccounts));
  const api = express.Router();
  mountRoutes(api, apiRoutes, app);
  server.use(api);
  server.use('/api', (req: Request, _res: Response, next: NextFunction) => {
    next(new DomainError('not-found', 'NOT_FOUND', `no route ${req.method} ${req.originalUrl.split('?')[0] ?? ''}`));
  });
  const designer = app.config.designerDir;
  if (designer && existsSync(join(designer, 'index.html'))) {
    server.use(express.static(designer, { index: false, maxAge: '1h' }));
    server.get('/{*rest}', (_req, res) => {
      res.sendFile(join(designer, 'index.html'));
    });
  }
  server.use(errorHandler(app.logger));
  return server;
}
