import express, { type Router } from 'express';
import type { AppContext } from '../context.js';
import { errorBody } from './error-body.js';
import { DomainError } from '../domain/domain-error.js';

/**
 * `GET /brand-logos/:tenantId/:digest`: a partner's logo, public (the sign-in page shows it before
 * anyone signs in). The digest in the address makes every logo's URL its own, so it is cached for
 * good. Its headers keep an image an image even when opened on its own: the stored type, no
 * sniffing, and a Content-Security-Policy under which an SVG can run no script and load nothing.
 */
export function brandLogoRouter(app: AppContext): Router {
  const router = express.Router();
  router.get('/brand-logos/:tenantId/:digest', async (req, res) => {
    const logo = /^[0-9a-f]{64}$/.test(req.params.digest) ? await app.tenants.logo(req.params.tenantId, req.params.digest) : undefined;
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (!logo) {
      res.status(404).type('application/json').send(JSON.stringify(errorBody(new DomainError('not-found', 'NOT_FOUND', 'there is no such logo'))));
      return;
    }
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.setHeader('Content-Type', logo.contentType);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Content-Disposition', 'inline; filename="logo"');
    res.send(logo.data);
  });
  return router;
}
