import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An SVG that cannot be made safe (not well-formed, no `<svg>` root, a DOCTYPE, too deep). */
export class SvgRejected extends Error {
  override readonly name = 'SvgRejected';
}

/** A sanitised SVG and what was taken out of it (element and attribute names, for the audit entry). */
export interface SanitisedSvg {
  readonly svg: string;
  readonly removed: readonly string[];
}

/**
 * Elements a logo may use: shapes, text, paint servers, clipping, masks and a few filter
 * primitives. Everything else goes with its whole subtree — script, foreignObject, image, a,
 * animation (which can rewrite an href), iframe, and any element of another namespace.
 */
const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'style',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask',
  'filter', 'feGaussianBlur', 'feOffset', 'feBlend', 'feColorMatrix', 'feFlood', 'feComposite', 'feMerge', 'feMergeNode', 'feDropShadow',
]);

/** Presentation and geometry attributes. No event handler (`on…`) and no other reference than `href`. */
const ATTRIBUTES = new Set([
  'id', 'class', 'style', 'xmlns', 'xmlns:xlink', 'version', 'xml:space', 'role', 'aria-label', 'aria-hidden', 'focusable',
  'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'dx', 'dy', 'width', 'height', 'd', 'points',
  'viewBox', 'preserveAspectRatio', 'transform', 'pathLength',
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity', 'opacity', 'color', 'display', 'visibility', 'overflow',
  'vector-effect', 'shape-rendering', 'paint-order', 'clip-path', 'clip-rule', 'mask', 'filter',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'letter-spacing', 'word-spacing',
  'gradientUnits', 'gradientTransform', 'spreadMethod', 'offset', 'stop-color', 'stop-opacity',
  'patternUnits', 'patternContentUnits', 'patternTransform', 'maskUnits', 'maskContentUnits', 'clipPathUnits',
  'filterUnits', 'primitiveUnits', 'stdDeviation', 'in', 'in2', 'result', 'mode', 'values', 'type', 'operator',
  'k1', 'k2', 'k3', 'k4', 'flood-color', 'flood-opacity',
  'href', 'xlink:href',
]);

const MAX_DEPTH = 64;
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

/**
 * Rebuilds an SVG from an allow-list of elements and attributes, so no script, event handler,
 * foreignObject or external reference survives: `href` may only point inside the document
 * (`#id`), `url(…)` in attributes and styles only to `#id`, and a style with `@import`, an escape
 * or any other `url()` is dropped. Comments and processing instructions (an `xml-stylesheet`
 * names an outside file) go too. A DOCTYPE is refused outright: its entities are how XML pulls in
 * outside files and how it grows a few bytes into gigabytes.
 */
export function sanitiseSvg(text: string): SanitisedSvg {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new SvgRejected('an SVG logo may not contain a DOCTYPE or entity declarations');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new SvgRejected(`the SVG is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const nodes = parser.parse(text) as XmlNode[];
  const elements = nodes.filter((node) => elementName(node) !== undefined);
  const root = elements[0];
  if (elements.length !== 1 || root === undefined || elementName(root) !== 'svg') throw new SvgRejected('the file is not an SVG image (its root element must be <svg>)');
  const removed = new Set<string>();
  const svg = serialise(root, 0, removed, true);
  return { svg, removed: [...removed].sort() };
}

function elementName(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#cdata');
}

function serialise(node: XmlNode, depth: number, removed: Set<string>, isRoot = false): string {
  if (depth > MAX_DEPTH) throw new SvgRejected(`the SVG is nested deeper than ${MAX_DEPTH} levels`);
  if ('#text' in node) return escapeText(textOf(node['#text']));
  if ('#cdata' in node) return cdataText(node['#cdata']);
  const name = elementName(node);
  if (name === undefined) return '';
  if (!ELEMENTS.has(name)) {
    removed.add(`<${name}>`);
    return '';
  }
  const children = (node[name] as XmlNode[] | undefined) ?? [];
  if (name === 'style') {
    const css = children.map((child) => ('#text' in child ? textOf(child['#text']) : '#cdata' in child ? rawCdata(child['#cdata']) : '')).join('');
    if (!safeCss(css)) {
      removed.add('<style>');
      return '';
    }
    return `<style>${escapeText(css)}</style>`;
  }
  const attributes = Object.entries(node[':@'] ?? {}).flatMap(([attribute, value]) => {
    if (!ATTRIBUTES.has(attribute) || !safeAttribute(attribute, value)) {
      removed.add(attribute);
      return [];
    }
    return [` ${attribute}="${escapeAttribute(value)}"`];
  });
  if (isRoot && !attributes.some((attribute) => attribute.startsWith(' xmlns="'))) attributes.unshift(` xmlns="${SVG_NAMESPACE}"`);
  const inner = children.map((child) => serialise(child, depth + 1, removed)).join('');
  return inner === '' ? `<${name}${attributes.join('')}/>` : `<${name}${attributes.join('')}>${inner}</${name}>`;
}

function safeAttribute(name: string, value: string): boolean {
  if (name === 'href' || name === 'xlink:href') return /^#[\w.:-]+$/.test(value.trim());
  if (name === 'xmlns') return value === SVG_NAMESPACE;
  if (name === 'xmlns:xlink') return value === 'http://www.w3.org/1999/xlink';
  if (name === 'style') return safeCss(value);
  return onlyLocalUrls(value) && !/javascript:|data:/i.test(value);
}

/** CSS without imports, escapes (which could spell `url` another way), bindings or outside `url()`. */
function safeCss(css: string): boolean {
  if (/[\\<]|@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding|@font-face|@namespace|\bsrc\s*\(|image-set\s*\(/i.test(css)) return false;
  return onlyLocalUrls(css);
}

/** Every `url(…)` in the text points inside the document (`url(#id)`). */
function onlyLocalUrls(text: string): boolean {
  const pattern = /url\s*\(\s*(['"]?)([^'")]*)\1\s*\)/gi;
  const urls = [...text.matchAll(pattern)];
  if ((text.match(/url\s*\(/gi) ?? []).length !== urls.length) return false;
  return urls.every((match) => /^#[\w.:-]+$/.test(match[2] ?? ''));
}

function rawCdata(value: unknown): string {
  return Array.isArray(value) ? value.map((part: XmlNode) => textOf(part['#text'])).join('') : '';
}

/** A text node's value: the parser keeps it as a string (tag values are not parsed). */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function cdataText(value: unknown): string {
  return escapeText(rawCdata(value));
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
