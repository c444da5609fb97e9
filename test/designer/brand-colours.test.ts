import { describe, expect, it } from 'vitest';
import { contrast, graphicOnWhite, inkOnWhite, textOn } from '../../designer/src/app/brand-colours.js';

describe('brand colours made readable', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrast('#0f766e', '#ffffff')).toBeGreaterThan(4.5);
  });

  it('writes white on dark brand colours and black on light ones', () => {
    expect(textOn('#0f766e')).toBe('#ffffff');
    expect(textOn('#334155')).toBe('#ffffff');
    expect(textOn('#f59e0b')).toBe('#000000');
    expect(textOn('#fde68a')).toBe('#000000');
  });

  it('keeps a colour that reads on white, and darkens one that does not until it does', () => {
    expect(inkOnWhite('#0f766e')).toBe('#0f766e');
    const amber = inkOnWhite('#f59e0b');
    expect(amber).not.toBe('#f59e0b');
    expect(contrast(amber, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(inkOnWhite('#ffffff'), '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it("keeps a chart colour that stands out on white (3:1), and darkens a light one less than text needs", () => {
    expect(graphicOnWhite('#334155')).toBe('#334155');
    const amber = graphicOnWhite('#f59e0b');
    expect(contrast(amber, '#ffffff')).toBeGreaterThanOrEqual(3);
    expect(contrast(amber, '#ffffff')).toBeLessThan(contrast(inkOnWhite('#f59e0b'), '#ffffff'));
  });
});
