#!/usr/bin/env python3
"""Writes the small inputs of the malformed-input corpus into
tests/fixtures/malformed/ and its dictionaries into
tests/fixtures/malformed/dicts/ (run from the repository root; the output
is committed). Each file is bad in one way; tests/malformed.rs runs each
between two good documents and says what must happen. Large inputs (a
million attributes, gzip bombs, 50 MB lines) are not committed: the test
makes them itself."""

import gzip
import os
import random

OUT = "tests/fixtures/malformed"
GOOD = "France criticized Germany on Monday."
DOC = '{"id": "%s", "date": "2022-06-20", "text": "%s"}'


def w(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def utf16(text, bom, codec):
    return bom + text.encode(codec)


def warc_record(uri, html, wtype="response", length=None, date="2022-06-20T10:00:00Z"):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    n = len(http) if length is None else length
    head = (
        "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: %s\r\n"
        "WARC-Record-ID: <urn:uuid:%s>\r\nContent-Type: application/http; msgtype=response\r\n"
        "Content-Length: %s\r\n\r\n" % (wtype, uri, date, uri[-8:], n)
    ).encode()
    return head + http + b"\r\n\r\n"


PAGE = b"<html><head><title>T</title></head><body><article><p>" + GOOD.encode() + b"</p></article></body></html>"
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>%s</channel></rss>"""
ITEM = "<item><title>A</title><link>https://w.example/%d</link><pubDate>Mon, 20 Jun 2022 10:00:00 GMT</pubDate><description>%s</description></item>"


def main():
    os.makedirs(OUT + "/dicts", exist_ok=True)
    for folder in (OUT, OUT + "/dicts"):
        for f in os.listdir(folder):
            if os.path.isfile(os.path.join(folder, f)):
                os.remove(os.path.join(folder, f))
    # dictionaries, each used beside tests/fixtures/gold/dicts
    w("dicts/unclosed-comment.actors.txt", "ERIADOR [ERI]\n<!-- a comment never closed\nFOO [FOO]\nBAR [BAR]\n")
    w("dicts/empty.verbs.txt", "")
    w("dicts/only-comments.agents.txt", "# nothing here\n<!-- nor here -->\n")
    ok = DOC % ("m-ok", GOOD)
    # JSON Lines
    w("jsonl-bom.jsonl", "\ufeff" + DOC % ("m-bom", GOOD) + "\n")
    w("jsonl-broken.jsonl", '{"id": broken\n' + ok + "\n")
    w("jsonl-not-object.jsonl", "[1, 2, 3]\n" + ok + "\n")
    w("jsonl-missing-text.jsonl", '{"id": "x", "date": "2022-06-20"}\n' + ok + "\n")
    w("jsonl-text-number.jsonl", '{"id": "x", "date": "2022-06-20", "text": 5}\n')
    w("jsonl-bad-date.jsonl", '{"id": "x", "date": "next week", "text": "%s"}\n' % GOOD)
    w("jsonl-feb-30.jsonl", '{"id": "x", "date": "2022-02-30", "text": "%s"}\n' % GOOD)
    w("jsonl-latin1.jsonl", (DOC % ("m-latin1", "Fran\xe7ois Hollande criticized Germany.") + "\n").encode("latin-1"))
    w("jsonl-cp1252.jsonl", (DOC % ("m-cp1252", "\u201cFrance criticized Germany\u201d \u2013 the end.") + "\n").encode("cp1252"))
    w("jsonl-utf16le.jsonl", utf16(DOC % ("m-utf16le", GOOD) + "\r\n", b"\xff\xfe", "utf-16-le"))
    w("jsonl-utf16be.jsonl", utf16(DOC % ("m-utf16be", GOOD) + "\n", b"\xfe\xff", "utf-16-be"))
    w("jsonl-nul.jsonl", '{"id": "x", "te\x00xt": "a"}\n' + ok + "\n")
    w("jsonl-crlf.jsonl", DOC % ("m-crlf", GOOD) + "\r\n")
    w("jsonl-empty.jsonl", "")
    w("jsonl-blank-lines.jsonl", "\n\n   \n\t\n")
    w("jsonl-truncated.jsonl", ok + "\n" + '{"id": "y", "date": "2022-06-20", "text": "France crit')
    w("jsonl-deep.jsonl", "[" * 5000 + "]" * 5000 + "\n" + ok + "\n")
    w("jsonl-huge-number.jsonl", '{"id": 1e400, "date": "2022-06-20", "text": "%s"}\n' % GOOD)
    w("jsonl-empty-text.jsonl", '{"id": "x", "date": "2022-06-20", "text": ""}\n')
    w("jsonl-bad-escape.jsonl", '{"id": "x", "date": "2022-06-20", "text": "a\\x"}\n')
    w("jsonl-lone-surrogate.jsonl", '{"id": "x", "date": "2022-06-20", "text": "a\\ud800"}\n')
    w("jsonl-control-char.jsonl", '{"id": "x", "date": "2022-06-20", "text": "a\x01b"}\n')
    w("jsonl-null-fields.jsonl", '{"id": null, "date": null, "title": null, "text": "%s"}\n' % GOOD)
    w("jsonl-array-date.jsonl", '{"id": "x", "date": ["2022-06-20"], "text": "%s"}\n' % GOOD)
    w("jsonl-year-99999.jsonl", '{"id": "x", "date": "99999-01-01", "text": "%s"}\n' % GOOD)
    # plain text
    w("text-latin1.txt", "Fran\xe7ois Hollande criticized Germany.".encode("latin-1"))
    w("text-cp1252.txt", "\u201cFrance criticized Germany,\u201d he said \u2013 twice.".encode("cp1252"))
    w("text-utf16le.txt", utf16(GOOD, b"\xff\xfe", "utf-16-le"))
    w("text-utf16be.txt", utf16(GOOD, b"\xfe\xff", "utf-16-be"))
    w("text-bom.txt", "\ufeff" + GOOD)
    w("text-binary.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    w("text-empty.txt", "")
    w("text-whitespace.txt", "  \n\n\t \r\n")
    w("text-control-chars.txt", "France\x01 criticized\x02 Germany\x1b[0m.")
    w("text-long-word.txt", "x" * 100_000 + " " + GOOD)
    w("text-furniture-only.txt", "Share this\nComments are closed.\nHome > World > Europe\n")
    w("text-one-char-lines.txt", "\n".join("a" for _ in range(20000)))
    w("text-no-newline-punctuation.txt", "!?." * 20000)
    # HTML
    w("html-unclosed.html", "<html><body><div><p>" + GOOD + "<div><span><b><i>")
    w("html-bom.html", "\ufeff<html><body><p>" + GOOD + "</p></body></html>")
    w("html-deep.html", "<div>" * 5000 + "<p>" + GOOD + "</p>" + "</div>" * 5000)
    w("html-many-attributes.html", "<html><body><div " + " ".join("a%d=x" % i for i in range(3000)) + "><p>" + GOOD + "</p></div></body></html>")
    w("html-script-only.html", "<html><head><script>var a = '<p>x</p>';</script></head><body><script>1</script></body></html>")
    w("html-empty.html", "")
    w("html-unclosed-comment.html", "<html><body><!-- <p>" + GOOD + "</p></body></html>")
    w("html-bad-entities.html", "<html><body><p>&#xFFFFFF; &#0; &#xD800; &bogus; &amp" + GOOD + "</p></body></html>")
    w("html-nul.html", "<html><body><p>France\x00 criticized\x00 Germany.</p></body></html>")
    w("html-frameset.html", "<html><frameset><frame src=a><frame src=b></frameset></html>")
    w("html-svg-math.html", "<html><body><svg><foreignObject><p>" + GOOD + "</p></foreignObject></svg><math><mi>x</mi></math></body></html>")
    w("html-unclosed-script.html", "<html><body><p>" + GOOD + "</p><script>var x = 1;")
    w("html-quote-in-tag.html", "<html><body><p class=\"a>" + GOOD + "</p></body></html>")
    w("html-bad-date.html", "<html><head><meta property=\"article:published_time\" content=\"2022-13-45T99:99\"></head><body><p>" + GOOD + "</p></body></html>")
    # feeds
    w("feed-truncated.rss", (FEED % (ITEM % (1, GOOD))).split("</item>")[0])
    w("feed-html.rss", "<html><body><p>" + GOOD + "</p></body></html>")
    w("feed-empty-items.rss", FEED % (ITEM % (1, "") + ITEM % (2, GOOD)))
    w("feed-bad-dates.rss", FEED % ITEM.replace("Mon, 20 Jun 2022 10:00:00 GMT", "yesterday-ish") % (1, GOOD))
    w("feed-entity-bomb.rss", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>' + (FEED % (ITEM % (1, "&d; " + GOOD))).split("?>", 1)[1])
    w("feed-atom-no-entries.atom", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title></feed>')
    w("feed-latin1.rss", (FEED.replace('version="1.0"?>', 'version="1.0" encoding="ISO-8859-1"?>') % (ITEM % (1, "Fran\xe7ois Hollande criticized Germany."))).encode("latin-1"))
    w("feed-binary.rss", b"\x00\x01\x02<rss>")
    # WARC
    good = warc_record("https://w.example/ok-0001", PAGE)
    w("warc-truncated.warc", good + warc_record("https://w.example/cut-0002", PAGE)[:200])
    w("warc-not-warc.warc", b"HTTP/1.1 200 OK\r\n\r\n" + PAGE)
    w("warc-bad-length.warc", warc_record("https://w.example/len-0003", PAGE, length="many") + good)
    w("warc-length-too-long.warc", good + warc_record("https://w.example/len-0004", PAGE, length=10**12))
    rng = random.Random(1)
    w("warc-gzip-garbage.warc.gz", b"\x1f\x8b\x08\x00" + bytes(rng.randrange(256) for _ in range(2000)))
    w("warc-gzip-truncated.warc.gz", gzip.compress(good)[:-20])
    w("warc-gzip-trailing-junk.warc.gz", gzip.compress(good) + b"junk after the members")
    w("warc-empty.warc", "")
    # PETRARCH XML and other XML
    w("petrarch-unterminated.xml", '<Sentences>\n<Sentence date="20220620" id="A-1" sentence="true">\n<Text>' + GOOD + "</Text>\n")
    w("petrarch-latin1.xml", '<Sentences>\n<Sentence date="20220620" id="A-1" sentence="true">\n<Text>Fran\xe7ois</Text>\n</Sentence>\n</Sentences>\n'.encode("latin-1"))
    w("xml-other.xml", '<?xml version="1.0"?>\n<catalog><book id="1"><title>' + GOOD + "</title></book></catalog>\n")
    # no extension
    w("junk-elf", b"\x7fELF\x02\x01\x01\x00\xff\xfe\x00\x00\x00\x00\x00\x00\x03\x00>\x00")
    w("junk-random", bytes(rng.randrange(256) for _ in range(5000)))
    w("junk-random-no-nul", bytes(rng.randrange(1, 256) for _ in range(5000)))


if __name__ == "__main__":
    main()
