import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contrast, parseColour } from '../../../src/launch/colour';
import { styleToCustomProperties } from '../../../src/launch/smart-style';

const rgba = (r: number, g: number, b: number, a = 1) => ({ r, g, b, a });
function near(actual: ReturnType<typeof parseColour>, expected: ReturnType<typeof rgba>, what: string) {
  assert.ok(actual, `${what} did not parse`);
  for (const k of ['r', 'g', 'b', 'a'] as const)
    assert.ok(Math.abs(actual[k] - expected[k]) < 0.6, `${what}: ${k} ${actual[k]} != ${expected[k]}`);
}

describe('EHR colours', () => {
  it('parses every hex, rgb() and hsl() form a style file may use', () => {
    const navy = rgba(0, 0, 128);
    const cases: [string, ReturnType<typeof rgba>][] = [
      ['#fff', rgba(255, 255, 255)],
      ['#0008', rgba(0, 0, 0, 0x88 / 255)],
      ['#000080', navy],
      ['#00008080', rgba(0, 0, 128, 0x80 / 255)],
      ['rgb(0, 0, 128)', navy],
      ['rgba(0,0,128,0.5)', rgba(0, 0, 128, 0.5)],
      ['rgb(0 0 128)', navy],
      ['rgb(0 0 128 / 50%)', rgba(0, 0, 128, 0.5)],
      ['rgb(0%, 0%, 50.2%)', navy],
      ['hsl(240, 100%, 25.1%)', navy],
      ['hsla(240, 100%, 25.1%, .5)', rgba(0, 0, 128, 0.5)],
      ['hsl(240deg 100% 25.1%)', navy],
      ['hsl(0.6667turn 100% 25.1% / 1)', navy],
      ['hsl(240 100 25.1)', navy],
      ['HSL(120, 100%, 50%)', rgba(0, 255, 0)],
    ];
    for (const [text, expected] of cases) near(parseColour(text), expected, text);
    for (const bad of [
      'navy',
      'rgb(1,2)',
      'rgb(1 2 3 4 5)',
      'hsl(x, 1%, 1%)',
      '#12',
      'rgb(1,2,3) url(x)',
      'expression(1)',
    ])
      assert.equal(parseColour(bad), undefined, bad);
  });

  it('measures contrast as WCAG does, translucent colours painted over what lies beneath', () => {
    assert.ok(Math.abs(contrast(rgba(0, 0, 0), rgba(255, 255, 255)) - 21) < 0.01);
    assert.ok(Math.abs(contrast(rgba(118, 118, 118), rgba(255, 255, 255)) - 4.54) < 0.01);
    assert.ok(contrast(rgba(0, 0, 0, 0.2), rgba(255, 255, 255)) < 2, 'faint black text is faint');
  });
});

describe('EHR style to custom properties', () => {
  it('refuses a low-contrast pair in any colour form', () => {
    for (const [text, background] of [
      ['#777', '#888'],
      ['rgb(120 120 120)', 'rgb(140, 140, 140)'],
      ['hsl(0 0% 45%)', 'hsl(0, 0%, 55%)'],
      ['rgba(0,0,0,0.15)', '#ffffff'],
    ])
      assert.deepEqual(
        styleToCustomProperties({ color_text: text, color_background: background }),
        {},
        `${text} on ${background}`,
      );
  });

  it('checks a background without a text colour, and a text colour without a background, against the panel’s own', () => {
    assert.deepEqual(
      styleToCustomProperties({ color_background: 'rgb(20, 20, 20)' }),
      {},
      'dark ground, our dark text',
    );
    assert.deepEqual(
      styleToCustomProperties({ color_text: 'hsl(0 0% 95%)' }),
      {},
      'light text, our white ground',
    );
    assert.deepEqual(styleToCustomProperties({ color_background: 'hsl(60 100% 97%)' }), {
      '--loop-color-background': 'rgb(255 255 240 / 1)',
    });
  });

  it('keeps a readable dark theme, with muted text following the EHR text colour', () => {
    const out = styleToCustomProperties({
      color_background: '#101418',
      color_text: '#f0f0f0',
      color_highlight: '#2f6fd0',
    });
    assert.equal(out['--loop-color-background'], 'rgb(16 20 24 / 1)');
    assert.equal(out['--loop-color-muted'], 'rgb(240 240 240 / 1)');
    assert.equal(out['--loop-color-accent'], 'rgb(47 111 208 / 1)');
  });

  it('refuses a highlight or error colour that would carry text below 4.5:1', () => {
    // #2f80ed under the recommended suggestion's white label: 3.87:1; #d9534f as a critical badge's
    // text on its tint: 3.47:1. Both pass 3:1 as borders, and both are refused.
    assert.deepEqual(styleToCustomProperties({ color_highlight: '#2f80ed', color_error: '#d9534f' }), {});
    assert.deepEqual(styleToCustomProperties({ color_highlight: '#1d5fbf', color_error: '#a8071a' }), {
      '--loop-color-accent': 'rgb(29 95 191 / 1)',
      '--loop-color-critical': 'rgb(168 7 26 / 1)',
    });
  });

  it('drops a border colour that would vanish into the background', () => {
    assert.deepEqual(styleToCustomProperties({ color_highlight: '#f4f4f4', color_error: 'rgb(176 0 32)' }), {
      '--loop-color-critical': 'rgb(176 0 32 / 1)',
    });
  });

  it('takes sizes only within sensible bounds', () => {
    const sized = (dim_font_size: string) => styleToCustomProperties({ dim_font_size })['--loop-font-size'];
    assert.equal(sized('14px'), '14px');
    assert.equal(sized('1rem'), '1rem');
    for (const bad of ['0px', '2px', '0.1em', '48px', '3em', '14', '-14px', '14px; color: red'])
      assert.equal(sized(bad), undefined, bad);
    assert.equal(styleToCustomProperties({ dim_spacing_size: '0px' })['--loop-space'], '0px');
    assert.equal(styleToCustomProperties({ dim_spacing_size: '200px' })['--loop-space'], undefined);
    assert.equal(styleToCustomProperties({ dim_border_radius: '99em' })['--loop-radius'], undefined);
  });

  it('never passes anything but a checked value', () => {
    assert.deepEqual(
      styleToCustomProperties({
        color_text: 'red; background: url(https://evil.example/x)',
        font_family_body: 'Arial; } :host { display: none',
        color_background: '#ffffff',
        unknown_key: '#000',
      }),
      { '--loop-color-background': 'rgb(255 255 255 / 1)' },
    );
  });
});
