#!/usr/bin/env python3
"""Writes the hostile inputs of this folder (run from anywhere; they are
checked in, this script says how each was made). Each has a test in
tests/hostile_test.py that states what must happen to it."""
import gzip, os

HERE = os.path.dirname(os.path.abspath(__file__))


def put(name, data):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


BODY = ('<p>The council voted on Monday to close the old bridge over the river for six months, '
        'and the mayor said repairs would cost about four million crowns.</p>')

# Entity expansion bomb ("billion laughs") in a feed.
lol = '<!ENTITY lol0 "lol">' + ''.join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
put('feed_billion_laughs.xml', f'<?xml version="1.0"?><!DOCTYPE rss [{lol}]><rss><channel><title>&lol9;</title>'
    f'<item><link>https://h.test/laughs</link><title>&lol9;</title><description><![CDATA[{BODY}]]></description>'
    '</item></channel></rss>')
# External entities: a local file and a URL, neither may be read.
put('feed_xxe.xml', '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY f SYSTEM "file:///etc/passwd">'
    '<!ENTITY u SYSTEM "http://127.0.0.1:1/x">]><rss><channel><title>XXE</title><item><link>https://h.test/xxe</link>'
    f'<title>&f;&u;</title><description><![CDATA[{BODY}]]>&f;</description></item></channel></rss>')
# 100,000 nested elements inside an item.
put('feed_deep_nesting.xml', '<rss><channel><title>Deep</title><item><link>https://h.test/before</link>'
    f'<description><![CDATA[{BODY}]]></description></item><item><link>https://h.test/deep</link><description>'
    + '<b>' * 30000 + 'x' + '</b>' * 30000 + f'</description></item><item><link>https://h.test/after</link>'
    f'<description><![CDATA[{BODY}]]></description></item></channel></rss>')
# Bare ampersands, HTML entities, undefined entities, broken numeric references.
put('feed_bare_ampersands.rss', '<rss><channel><title>Smith & Sons &mdash; News &bogus;</title><item>'
    '<title>Caf&eacute; & bar &#xZZ; &#99999999; &#0; &</title><link>https://h.test/amp?a=1&b=2</link>'
    f'<description>{BODY.replace("<", "&lt;")} AT&T &copy;</description></item></channel></rss>')
# A feed in UTF-16 with a byte order mark.
put('feed_utf16.xml', ('<?xml version="1.0" encoding="UTF-16"?><rss><channel><title>Wide</title><item>'
    f'<link>https://h.test/wide</link><description><![CDATA[{BODY}]]></description></item></channel></rss>')
    .encode('utf-16'))
# An encoding declaration that is not a charset name (found by fuzz_feed).
# (feed_garbage_encoding.xml is the fuzzer's own input, kept as found.)
# WARC: a Content-Length far beyond the data.
rec = lambda t, uri, ct, block: (f'WARC/1.0\r\nWARC-Type: {t}\r\nWARC-Target-URI: {uri}\r\nContent-Type: {ct}\r\n'
                                 f'Content-Length: {len(block)}\r\n\r\n').encode() + block + b'\r\n\r\n'
http = lambda body, extra=b'': b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n' + extra + b'\r\n' + body
good = rec('response', 'https://h.test/w1', 'application/http; msgtype=response', http(BODY.encode()))
put('warc_huge_content_length.warc', good + b'WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999999\r\n\r\nabc')
# WARC: a header that never ends.
put('warc_endless_header.warc', good + b'WARC/1.0\r\n' + b'X-Filler: ' + b'a' * 200000)
# WARC: a gzip bomb as the HTTP body (100 MB of zeros in about 100 KB).
bomb = gzip.compress(b'\0' * (100 << 20), 9)
put('warc_gzip_bomb.warc', good + rec('response', 'https://h.test/bomb', 'application/http; msgtype=response',
                                      http(bomb, b'Content-Encoding: gzip\r\n')))
# WARC: chunk sizes that lie.
put('warc_chunked_lies.warc', rec('response', 'https://h.test/chunks', 'application/http; msgtype=response',
                                  http(b'ffffffff\r\n<p>short</p>\r\n0\r\n\r\n', b'Transfer-Encoding: chunked\r\n')) + good)
# WARC.gz: cut in the middle of the second record's member.
m1 = gzip.compress(good)
m2 = gzip.compress(rec('response', 'https://h.test/w2', 'application/http; msgtype=response', http(BODY.encode() * 20)))
put('warc_truncated.warc.gz', m1 + m2[:len(m2) // 2])
# WARC.gz: garbage between members.
put('warc_garbage_member.warc.gz', m1 + b'\x1f\x8b\x08\x00garbage that is not deflate' + m2)
# JSON Lines: a good line, 30,000 nested arrays, a NUL escape, a deeply nested object.
put('jsonl_hostile.jsonl', '{"name": "ok", "text": "The ferry resumes on Friday after the storm damage to the pier '
    'was repaired."}\n' + '[' * 30000 + ']' * 30000 + '\n{"name": "nul", "text": "a\\u0000b"}\n'
    '{"name": "deep", "text": "x", "more": ' + '{"a":' * 30000 + '1' + '}' * 30000 + '}\n')
# HTML: 100,000 nested divs around a paragraph.
put('html_deep_nesting.html', '<html><body>' + '<div>' * 30000 + BODY + '</div>' * 30000 + '</body></html>')
