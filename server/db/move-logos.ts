import type Database from 'better-sqlite3';
import { LogoRejected, parseLogo } from '../services/branding/logo.js';

/**
 * Migration server/8: brands kept their logo as a data URL inside the brand's JSON, accepted
 * without sanitising. Each one goes through the logo checks now (an SVG is rebuilt from the
 * allow-list) into `brand_logos`; a logo that fails them is dropped, so nothing stored before the
 * checks existed is ever served.
 */
export function moveLogosOutOfBrands(db: Database.Database): void {
  const rows = db.prepare('SELECT id, branding FROM tenants WHERE branding IS NOT NULL').all() as { id: string; branding: string }[];
  const insert = db.prepare('INSERT INTO brand_logos (tenant_id, content_type, data, digest, updated_at) VALUES (?, ?, ?, ?, ?)');
  const update = db.prepare('UPDATE tenants SET branding = ? WHERE id = ?');
  for (const row of rows) {
    const { logoDataUrl, ...brand } = JSON.parse(row.branding) as Record<string, unknown>;
    if (typeof logoDataUrl === 'string') {
      try {
        const logo = parseLogo(logoDataUrl);
        insert.run(row.id, logo.contentType, logo.data, logo.digest, Date.now());
      } catch (error) {
        if (!(error instanceof LogoRejected)) throw error;
      }
    }
    update.run(JSON.stringify(brand), row.id);
  }
}
