/**
 * A plain-text rendering of an HTML mail body, for the text/plain part when only HTML is given (mail clients
 * without HTML, spam filters and screen readers read it). Not a general HTML parser: it handles what mail
 * templates use.
 *
 * - `<head>`, `<style>`, `<script>` and comments are dropped.
 * - Line breaks for `<br>`, paragraphs, headings, divs, list items (`- ` prefix) and table rows; table cells in
 *   one row are joined with ` | `.
 * - Links become `text (url)`, or just the url when the text is the url; `mailto:` links keep only the text
 *   when it is the address. Images become their `alt` text.
 * - Entities are decoded (named ones mail templates use, and numeric); runs of spaces collapse; at most one
 *   empty line in a row; lines are trimmed.
 */

const BLOCK = 'p|div|h[1-6]|table|thead|tbody|tfoot|ul|ol|blockquote|pre|section|article|header|footer|address|hr';

export function htmlToText(html: string): string {
  let text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/\s+/g, ' ')
    .replace(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi, (_match, attributes: string, inner: string) => link(attributes, inner))
    .replace(/<img\b([^>]*)>/gi, (_match, attributes: string) => attribute(attributes, 'alt') ?? '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/tr\s*>/gi, '\n')
    .replace(/<\/li\s*>|<tr\b[^>]*>/gi, '')
    .replace(/<\/t[dh]\s*>/gi, ' | ')
    .replace(new RegExp(`</?(${BLOCK})\\b[^>]*>`, 'gi'), '\n\n')
    .replace(/<[^>]*>/g, '');
  text = decodeEntities(text);
  const lines = text.split('\n').map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim().replace(/\s*\|$/, '').replace(/^\|\s*/, ''));
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function link(attributes: string, inner: string): string {
  const label = inner.replace(/<[^>]*>/g, '').trim();
  const href = attribute(attributes, 'href');
  if (href === undefined || href === '' || href.startsWith('#')) return label;
  const decodedHref = decodeEntities(href);
  const target = decodedHref.startsWith('mailto:') ? decodedHref.slice('mailto:'.length) : decodedHref;
  const decodedLabel = decodeEntities(label);
  if (decodedLabel === '' || decodedLabel === target) return target;
  return `${label} (${target})`;
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attributes);
  if (match === null) return undefined;
  return match[2] ?? match[3] ?? match[4];
}

const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', euro: '€', copy: '©', reg: '®', trade: '™',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', eacute: 'é', egrave: 'è',
  ndash: '–', mdash: '—', hellip: '…', laquo: '«', raquo: '»', bdquo: '„', ldquo: '“', rdquo: '”', lsquo: '‘',
  rsquo: '’', sbquo: '‚', middot: '·', bull: '•', times: '×', deg: '°', sect: '§', shy: '',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED[body] ?? entity;
  });
}
