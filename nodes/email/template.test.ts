import { describe, expect, it } from 'vitest';
import { escapeHtml, renderTemplate, TemplateError } from './template.js';
import { htmlToText } from './html-to-text.js';

const order = {
  orderId: 'o-1001',
  customer: { firstName: 'Kim <b>', email: 'kim@example.test' },
  lines: [
    { sku: 'MUG-01', title: 'Tasse "Hamburg" & Co', qty: 2, unitPrice: 9.5 },
    { sku: 'TEE-02', title: '<script>alert(1)</script>', qty: 1, unitPrice: 19 },
  ],
  note: '',
  gift: false,
};

describe('renderTemplate', () => {
  it('escapes values and reads dotted names', () => {
    expect(renderTemplate('<p>Hallo {{ customer.firstName }} ({{customer.email}})</p>', order))
      .toBe('<p>Hallo Kim &lt;b&gt; (kim@example.test)</p>');
  });

  it('repeats a section per array element, with outer names still visible', () => {
    const html = renderTemplate('<ul>{{# lines }}<li>{{ qty }}× {{ title }} [{{ orderId }}]</li>{{/ lines }}</ul>', order);
    expect(html).toBe(
      '<ul><li>2× Tasse &quot;Hamburg&quot; &amp; Co [o-1001]</li>'
      + '<li>1× &lt;script&gt;alert(1)&lt;/script&gt; [o-1001]</li></ul>',
    );
  });

  it('inserts unescaped with triple braces or &', () => {
    expect(renderTemplate('{{{ customer.firstName }}}|{{& customer.firstName }}', order)).toBe('Kim <b>|Kim <b>');
  });

  it('renders inverted sections for empty, false and missing values; skips comments', () => {
    const template = '{{^ note }}no note{{/ note }}{{# gift }}gift{{/ gift }}{{^ missing.deep }}!{{/ missing.deep }}{{! hidden }}';
    expect(renderTemplate(template, order)).toBe('no note!');
  });

  it('opens objects as sections and prints scalars of arrays with {{ . }}', () => {
    expect(renderTemplate('{{# customer }}{{ email }}{{/ customer }} {{# tags }}[{{ . }}]{{/ tags }}', { ...order, tags: ['a&b', 2] }))
      .toBe('kim@example.test [a&amp;b][2]');
  });

  it('prints missing as empty, numbers as text, objects as JSON; never reads prototype members', () => {
    expect(renderTemplate('{{ nope }}|{{ lines.length }}|{{ constructor }}|{{ customer.toString }}|{{ n }}|{{ o }}', { n: 0.5, o: { a: 1 } }))
      .toBe('|||' + '|0.5|{&quot;a&quot;:1}');
  });

  it('reports unclosed, mismatched and empty tags with their offset', () => {
    expect(() => renderTemplate('a {{# lines }}x', order)).toThrow(TemplateError);
    expect(() => renderTemplate('a {{# lines }}x', order)).toThrow(/"lines" is not closed.*character 2/);
    expect(() => renderTemplate('{{# a }}{{/ b }}', order)).toThrow(/closes the section "a"/);
    expect(() => renderTemplate('{{ }}', order)).toThrow(/empty tag/);
    expect(() => renderTemplate('{{ $json.x + 1 }}', order)).toThrow(/reads the data directly/);
    expect(() => renderTemplate('{{ $json.customer.email }}', order)).toThrow(/write \{\{ customer\.email \}\}/);
    expect(() => renderTemplate('{{ total() }}', order)).toThrow(/"total\(\)" is not a name/);
    expect(renderTemplate('{{ Größe }}|{{ sku-code }}', { 'Größe': 'XL', 'sku-code': 'A_1' })).toBe('XL|A_1');
    expect(() => renderTemplate('{{ open', order)).toThrow(/without "}}"/);
  });

  it('escapeHtml covers the five significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('htmlToText', () => {
  it('turns a mail layout into readable lines', () => {
    const html = `<html><head><style>p { color: red }</style><title>x</title></head><body>
      <h1>Danke, Kim &amp; Co!</h1><!-- tracking -->
      <p>Ihre Bestellung <b>o-1001</b> ist unterwegs.<br>Sendung:&nbsp;<a href="https://track.example/1?a=1&amp;b=2">verfolgen</a></p>
      <table><tr><th>Artikel</th><th>Menge</th></tr><tr><td>Tasse</td><td>2</td></tr></table>
      <ul><li>eins</li><li>zwei</li></ul>
      <p><a href="mailto:shop@example.test">shop@example.test</a> <img src="x.png" alt="Logo"> &#8364; &#x20AC; &euro;</p>
    </body></html>`;
    expect(htmlToText(html)).toBe([
      'Danke, Kim & Co!',
      '',
      'Ihre Bestellung o-1001 ist unterwegs.',
      'Sendung: verfolgen (https://track.example/1?a=1&b=2)',
      '',
      'Artikel | Menge',
      'Tasse | 2',
      '',
      '- eins',
      '- zwei',
      '',
      'shop@example.test Logo € € €',
    ].join('\n'));
  });
});
