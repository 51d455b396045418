import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtml, detectCharset } from './charset.js';
import { extractArticle } from './extract.js';

const FR = 'Le conseil municipal a voté mardi un budget qui augmente les dépenses de transport. « Ça coûte cher », a déclaré l’élue — 5 €.';
const JA = '市議会は火曜日、公共交通機関への支出を増やす新しい予算を承認した。';

function html(charsetTag: string, body: string): string {
  return `<!DOCTYPE html><html><head>${charsetTag}<title>t</title></head><body><article><h1>Budget</h1><p>${body}</p></article></body></html>`;
}

describe('decodeHtml', () => {
  it('decodes windows-1252 declared by <meta charset>', () => {
    const bytes = iconv.encode(html('<meta charset="windows-1252">', FR), 'windows-1252');
    expect(detectCharset(bytes)).toBe('windows-1252');
    expect(decodeHtml(bytes)).toContain(FR);
  });

  it('decodes iso-8859-1 declared by http-equiv as windows-1252 (its WHATWG meaning)', () => {
    const text = 'Café, naïve, façade, crème brûlée.';
    const bytes = iconv.encode(html('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', text), 'latin1');
    expect(decodeHtml(bytes)).toContain(text);
  });

  it('decodes shift_jis declared by the HTTP Content-Type, over a wrong <meta>', () => {
    const bytes = iconv.encode(html('<meta charset="utf-8">', JA), 'shift_jis');
    expect(decodeHtml(bytes, 'text/html; charset=Shift_JIS')).toContain(JA);
  });

  it('decodes shift_jis, euc-kr and gbk declared in the page', () => {
    expect(decodeHtml(iconv.encode(html('<meta charset="shift_jis">', JA), 'shift_jis'))).toContain(JA);
    const ko = '시의회는 화요일 새로운 예산을 승인했다.';
    expect(decodeHtml(iconv.encode(html('<meta charset="euc-kr">', ko), 'euc-kr'))).toContain(ko);
    const zh = '市议会周二批准了新的预算。';
    expect(decodeHtml(iconv.encode(html('<meta charset="gb2312">', zh), 'gbk'))).toContain(zh);
  });

  it('follows a byte-order mark (UTF-8, UTF-16LE, UTF-16BE)', () => {
    const s = html('', FR);
    expect(decodeHtml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]))).toBe(s);
    expect(decodeHtml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]))).toBe(s);
    const be = Buffer.from(s, 'utf16le').swap16();
    expect(decodeHtml(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(s);
  });

  it('takes undeclared valid UTF-8 as UTF-8', () => {
    expect(decodeHtml(Buffer.from(html('', FR + JA), 'utf8'))).toContain(FR + JA);
  });

  it('guesses an undeclared legacy encoding', () => {
    const long = Array.from({ length: 20 }, () => FR).join(' ');
    const bytes = iconv.encode(html('', long), 'windows-1252');
    expect(decodeHtml(bytes)).toContain(FR);
  });

  it('reads mislabelled windows-1252 bytes declared as UTF-8', () => {
    const long = Array.from({ length: 20 }, () => FR).join(' ');
    const bytes = iconv.encode(html('<meta charset="utf-8">', long), 'windows-1252');
    expect(decodeHtml(bytes)).toContain('dépenses');
  });

  it('feeds the extractor text it reads right', () => {
    const paras = Array.from({ length: 5 }, (_, i) => `${i + 1}. ${FR} Les élus se réuniront à nouveau jeudi pour en débattre.`);
    const page = `<html lang="fr"><head><meta charset="iso-8859-1"></head><body><article><h1>Budget</h1>${paras.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const a = extractArticle(decodeHtml(iconv.encode(page, 'windows-1252')));
    expect(a.text).toContain('« Ça coûte cher »');
    expect(a.lang).toBe('fr');
  });
});
