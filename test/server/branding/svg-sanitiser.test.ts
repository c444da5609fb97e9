import { describe, expect, it } from 'vitest';
import { LogoRejected, MAX_LOGO_BYTES, parseLogo } from '../../../server/services/branding/logo.js';
import { SvgRejected, sanitiseSvg } from '../../../server/services/branding/svg-sanitiser.js';

/** Unit tests of the logo checks: hostile SVGs lose every script and outside reference; bad files are refused. */

const svg = (inner: string, attributes = '') => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"${attributes}>${inner}</svg>`;
const dataUrl = (type: string, bytes: Buffer | string) => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;

/** Nothing in the output can run or fetch: no script, handler, foreign content or URL other than #id. */
function expectInert(output: string): void {
  expect(output).not.toMatch(/<script|<foreignObject|<iframe|<image|<a[\s>]|<animate|<set[\s>]|<!DOCTYPE|<\?/i);
  expect(output).not.toMatch(/\son[a-z]+=/i);
  expect(output).not.toMatch(/javascript:|data:|@import|https?:\/\/(?!www\.w3\.org\/(2000\/svg|1999\/xlink))/i);
  for (const match of output.matchAll(/url\(([^)]*)\)/gi)) expect(match[1]).toMatch(/^['"]?#/);
}

describe('sanitiseSvg', () => {
  it('keeps an ordinary logo as it draws', () => {
    const logo = svg('<title>Northwind</title><defs><linearGradient id="g"><stop offset="0" stop-color="#0f766e"/></linearGradient></defs><rect width="10" height="10" rx="2" fill="url(#g)"/><path d="M1 1h8v8z" fill="#fff" style="opacity:0.5"/><text x="1" y="9" font-size="3">N &amp; W</text>');
    const { svg: output, removed } = sanitiseSvg(logo);
    expect(removed).toEqual([]);
    expect(output).toBe(logo);
  });

  it.each([
    ['a script element', svg('<script>alert(1)</script><rect width="1" height="1"/>'), ['<script>']],
    ['a script in CDATA', svg('<script><![CDATA[alert(document.cookie)]]></script>'), ['<script>']],
    ['event handlers', svg('<rect width="1" height="1" onclick="alert(1)"/>', ' onload="alert(1)"'), ['onclick', 'onload']],
    ['foreignObject with HTML', svg('<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/></foreignObject>'), ['<foreignObject>']],
    ['an external image', svg('<image href="https://evil.example/track.png" width="10" height="10"/>'), ['<image>']],
    ['a link', svg('<a href="javascript:alert(1)"><rect width="1" height="1"/></a>'), ['<a>']],
    ['use of an outside file', svg('<use href="https://evil.example/sprite.svg#x"/><use xlink:href="data:image/svg+xml;base64,PHN2Zy8+"/>', ' xmlns:xlink="http://www.w3.org/1999/xlink"'), ['href', 'xlink:href']],
    ['animation that rewrites an href', svg('<a><animate attributeName="href" to="javascript:alert(1)"/></a><set attributeName="onclick" to="alert(1)"/>'), ['<a>', '<set>']],
    ['an outside url() in a fill', svg('<rect width="1" height="1" fill="url(https://evil.example/p.svg#g)"/>'), ['fill']],
    ['a style attribute with url()', svg('<rect width="1" height="1" style="fill:url(&quot;https://evil.example/x&quot;)"/>'), ['style']],
    ['a style element importing CSS', svg('<style>@import url(https://evil.example/x.css); rect { fill: red }</style><rect width="1" height="1"/>'), ['<style>']],
    ['a style element with an escaped url', svg('<style>rect { background: u\\72l(https://evil.example/x) }</style>'), ['<style>']],
    ['a style element loading a font', svg('<style>@font-face { font-family: x; src: url(https://evil.example/f.woff) }</style>'), ['<style>']],
    ['an xml-stylesheet processing instruction', `<?xml-stylesheet href="https://evil.example/x.css"?>${svg('<rect width="1" height="1"/>')}`, []],
    ['an element of another namespace', svg('<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script>'), ['<html:script>']],
    ['a wrong default namespace', '<svg xmlns="http://evil.example/ns"><rect width="1" height="1"/></svg>', ['xmlns']],
  ])('removes %s', (_what, hostile, expectedRemoved) => {
    const { svg: output, removed } = sanitiseSvg(hostile);
    expectInert(output);
    for (const name of expectedRemoved) expect(removed).toContain(name);
    // What is left is still an SVG image, and sanitising it again changes nothing.
    expect(output.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(sanitiseSvg(output)).toEqual({ svg: output, removed: [] });
  });

  it('keeps text that looks like markup as text', () => {
    const { svg: output } = sanitiseSvg(svg('<text>&lt;script&gt;alert(1)&lt;/script&gt;</text>'));
    expect(output).toContain('<text>&lt;script&gt;alert(1)&lt;/script&gt;</text>');
    expectInert(output);
  });

  it.each([
    ['a DOCTYPE with entities (billion laughs, XXE)', '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>', 'DOCTYPE'],
    ['an external entity', '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg><text>&x;</text></svg>', 'DOCTYPE'],
    ['XML that is not well-formed', '<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', 'not well-formed'],
    ['another root element', '<html><body>hi</body></html>', 'root element must be <svg>'],
    ['two root elements', `${svg('')}${svg('')}`, ''],
    ['nesting deeper than 64 levels', svg(`${'<g>'.repeat(80)}${'</g>'.repeat(80)}`), 'deeper than 64'],
  ])('refuses %s', (_what, input, message) => {
    expect(() => sanitiseSvg(input)).toThrow(SvgRejected);
    if (message) expect(() => sanitiseSvg(input)).toThrow(message);
  });
});

describe('parseLogo', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 2)]);

  it('accepts a PNG, a JPEG and an SVG, the SVG rebuilt', () => {
    expect(parseLogo(dataUrl('image/png', png))).toMatchObject({ contentType: 'image/png', data: png });
    expect(parseLogo(dataUrl('image/jpeg', jpeg))).toMatchObject({ contentType: 'image/jpeg', data: jpeg });
    const sanitised = parseLogo(dataUrl('image/svg+xml', svg('<rect width="1" height="1"/>', ' onload="alert(1)"')));
    expect(sanitised.contentType).toBe('image/svg+xml');
    expect(sanitised.data.toString('utf8')).not.toContain('onload');
    expect(sanitised.removed).toEqual(['onload']);
    expect(sanitised.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['another type', dataUrl('image/webp', png), 'PNG, JPEG or SVG'],
    ['HTML', dataUrl('text/html', '<script>alert(1)</script>'), 'PNG, JPEG or SVG'],
    ['a URL instead of a data URL', 'https://evil.example/logo.png', 'PNG, JPEG or SVG'],
    ['HTML said to be a PNG', dataUrl('image/png', '<html><script>alert(1)</script></html>'), 'not a PNG'],
    ['a PNG said to be a JPEG', dataUrl('image/jpeg', png), 'not a JPEG'],
    ['an empty file', 'data:image/png;base64,', 'empty'],
    ['a file over 256 KB', dataUrl('image/png', Buffer.concat([png, Buffer.alloc(MAX_LOGO_BYTES)])), 'at most 256 KB'],
    ['an SVG with a script that is not XML', dataUrl('image/svg+xml', '<svg><script>alert(1)</svg>'), 'not well-formed'],
  ])('refuses %s', (_what, input, message) => {
    expect(() => parseLogo(input)).toThrow(LogoRejected);
    expect(() => parseLogo(input)).toThrow(message);
  });
});
