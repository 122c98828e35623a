#!/usr/bin/env python3
"""Turns the Java regexes of Airlock's credential (SECRET) rules into files that peer tools accept.

usage: bench/export-regexes.py RULES_JSON OUT_PREFIX

RULES_JSON is the output of `./airlock rules list --format json`. Writes:
  OUT_PREFIX-rg.txt     for `rg -f` (ripgrep's default Rust regex engine)
  OUT_PREFIX-pcre2.txt  for `rg -P -f` (PCRE2, which has lookarounds), and the same split into
                        OUT_PREFIX-pcre2-1.txt, -2.txt, ...: one pass each, as PCRE2 cannot
                        compile them all as one regex
  OUT_PREFIX-ere.txt    for grep -E / git-secrets (POSIX extended regexes with GNU escapes)
one pattern a line, and prints per target a tab-separated line: target, SECRET rules with a
pattern, kept, dropped, the reasons with counts, passes.

A translation is kept only when it means the same on one line of text, with two widenings that
cannot lose a match: possessive and atomic groups become greedy ones (Rust and ERE have neither)
and lazy quantifiers become greedy in ERE (a line matches either way). Named groups become plain
groups: every rule names its group `secret`, and one alternation cannot hold a name twice. What
cannot be translated is dropped and counted, never approximated: lookarounds (Rust, ERE), back
references, and patterns that span lines (`\\n`), which neither tool matches without multi-line
mode. Each kept pattern is then checked by the tool itself (rg or grep); a pattern that the tool
rejects, or that matches an empty line, is dropped too.
"""
import collections
import json
import os
import subprocess
import sys


class Unsupported(Exception):
    pass


# Java's ASCII classes, written out so that no engine's Unicode tables change their meaning.
CLASS_ITEMS = {
    "d": "0-9", "w": "0-9A-Za-z_", "s": "\t\n\x0b\f\r ",
}
NEGATED = {"D": "d", "W": "w", "S": "s"}
# The same in a POSIX bracket expression (git-secrets runs grep with LC_ALL=C, so they are ASCII).
POSIX = {"d": "0-9", "w": "[:alnum:]_", "s": "[:space:]"}


def parse_class(p, i):
    """Parses a character class starting after '['. Returns (negated, items, next index).

    Items are ('char', c), ('range', a, b) or ('set', letters) for \\d \\w \\s."""
    negated = False
    items = []
    if i < len(p) and p[i] == "^":
        negated = True
        i += 1
    first = True
    while i < len(p):
        c = p[i]
        if c == "]" and not first:
            return negated, items, i + 1
        first = False
        if c == "[":
            raise Unsupported("nested class")
        if c == "&" and p.startswith("&&", i):
            raise Unsupported("class intersection")
        if c == "\\":
            e = p[i + 1]
            if e in CLASS_ITEMS:
                items.append(("set", e))
                i += 2
                continue
            if e in NEGATED:
                raise Unsupported("negated escape in class")
            ch, i = escaped_char(p, i)
        else:
            ch, i = c, i + 1
        if i + 1 < len(p) and p[i] == "-" and p[i + 1] != "]":
            j = i + 1
            if p[j] == "\\":
                hi, j = escaped_char(p, j)
            else:
                hi, j = p[j], j + 1
            items.append(("range", ch, hi))
            i = j
        else:
            items.append(("char", ch))
    raise Unsupported("unterminated class")


def escaped_char(p, i):
    """The literal character of the escape at p[i] ('\\'), and the index after it."""
    e = p[i + 1]
    simple = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "e": "\x1b", "a": "\x07"}
    if e in simple:
        return simple[e], i + 2
    if e == "x":
        if p[i + 2] == "{":
            j = p.index("}", i)
            return chr(int(p[i + 3:j], 16)), j + 1
        return chr(int(p[i + 2:i + 4], 16)), i + 4
    if e == "u":
        return chr(int(p[i + 2:i + 6], 16)), i + 6
    if e.isalnum():
        raise Unsupported("escape \\" + e)
    return e, i + 2


def class_text(negated, items, target, fold):
    chars = []
    for it in items:
        if it[0] == "set" and target == "ere":
            chars.append(POSIX[it[1]])
        elif it[0] == "set":
            chars.extend(expand(CLASS_ITEMS[it[1]]))
        elif it[0] == "range":
            chars.append((it[1], it[2]))
            if fold and it[1].isalpha() and it[2].isalpha():
                chars.append((it[1].swapcase(), it[2].swapcase()))
        else:
            chars.append(it[1])
            if fold and it[1].isalpha():
                chars.append(it[1].swapcase())
    body = []
    dash = close = caret = False
    for c in chars:
        if c in POSIX.values():
            body.append(c)
        elif isinstance(c, tuple):
            body.append(lit_in_class(c[0], target) + "-" + lit_in_class(c[1], target))
        elif target == "ere" and c == "-":
            dash = True
        elif target == "ere" and c == "]":
            close = True
        elif target == "ere" and c == "^":
            caret = True
        else:
            body.append(lit_in_class(c, target))
    if target == "ere":
        if "\n" in "".join(x for x in body):
            raise Unsupported("newline in class")
        text = ("]" if close else "") + "".join(body) + ("^" if caret else "") + ("-" if dash else "")
        if text in ("", "^"):
            raise Unsupported("empty class")
        return "[" + ("^" if negated else "") + text + "]"
    return "[" + ("^" if negated else "") + "".join(body) + "]"


def expand(spec):
    out = []
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.append((spec[i], spec[i + 2]))
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return out


def lit_in_class(c, target):
    if target == "ere":
        # In a POSIX bracket expression a backslash is an ordinary character.
        if c == "\n":
            raise Unsupported("newline")
        return c
    if c in "\\]-[^&~":
        return "\\" + c
    if c == "\n":
        return "\\n"
    if c == "\t":
        return "\\t"
    if ord(c) < 32 or ord(c) > 126:
        return "\\x{%x}" % ord(c)
    return c


def lit(c, target, fold):
    if c == "\n":
        raise Unsupported("spans lines")
    if fold and c.isalpha():
        return "[" + c.lower() + c.upper() + "]"
    if c in ".^$|?*+()[]{}\\":
        return "\\" + c
    if target != "ere" and (ord(c) < 32 or ord(c) > 126):
        return "\\x{%x}" % ord(c)
    return c


def translate(p, target):
    """The pattern for target 'rg', 'pcre2' or 'ere'; raises Unsupported with the reason."""
    out = []
    fold = False
    i = 0
    if target == "ere" and p.startswith("(?i)"):
        fold = True  # ERE has no flags: letters become [aA]
        i = 4
    n = len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            e = p[i + 1] if i + 1 < n else ""
            if e.isdigit() and e != "0" or e == "k":
                raise Unsupported("back reference")
            if e == "n" or e == "R":
                raise Unsupported("spans lines")
            if target == "pcre2" and e in "dDwWsSbBAzZhH":
                out.append(p[i:i + 2])
                i += 2
                continue
            if e in CLASS_ITEMS:
                out.append(class_text(False, [("set", e)], target, False))
                i += 2
            elif e in NEGATED:
                out.append(class_text(True, [("set", NEGATED[e])], target, False))
                i += 2
            elif e in "bB":
                out.append("(?-u:\\" + e + ")" if target == "rg" else "\\" + e)
                i += 2
            elif e == "A" and target == "rg":
                out.append("\\A")
                i += 2
            elif e == "z" and target == "rg":
                out.append("\\z")
                i += 2
            elif e == "Q":
                j = p.find("\\E", i + 2)
                j = n if j < 0 else j
                out.extend(lit(ch, target, fold) for ch in p[i + 2:j])
                i = j + 2
            else:
                ch, i = escaped_char(p, i)
                out.append(lit(ch, target, fold))
        elif c == "[":
            if target == "pcre2":
                negated, items, j = parse_class(p, i + 1)  # validates; PCRE2 reads Java's syntax
                out.append(p[i:j])
                i = j
            else:
                negated, items, i = parse_class(p, i + 1)
                out.append(class_text(negated, items, target, fold))
        elif c == "(":
            if p.startswith("(?=", i) or p.startswith("(?!", i) or p.startswith("(?<=", i) or p.startswith("(?<!", i):
                if target != "pcre2":
                    raise Unsupported("lookaround")
                out.append(p[i:i + (4 if p[i + 2] == "<" else 3)])
                i += 4 if p[i + 2] == "<" else 3
            elif p.startswith("(?<", i):
                j = p.index(">", i)
                out.append("(?:" if target != "ere" else "(")
                i = j + 1
            elif p.startswith("(?:", i) or p.startswith("(?>", i):
                out.append("(?:" if target != "ere" else "(")
                i += 3
            elif p.startswith("(?", i):
                j = i + 2
                while j < n and (p[j].isalpha() or p[j] == "-"):
                    j += 1
                flags = p[i + 2:j].replace("u", "").replace("U", "").replace("d", "")
                if target == "ere":
                    raise Unsupported("inline flags")
                if p[j] == ")":
                    out.append("(?" + flags + ")" if flags.strip("-") else "")
                    i = j + 1
                elif p[j] == ":":
                    out.append("(?" + flags + ":" if flags.strip("-") else "(?:")
                    i = j + 1
                else:
                    raise Unsupported("group syntax")
            else:
                out.append("(")
                i += 1
        elif c in "*+?{":
            if c == "{":
                j = p.index("}", i)
                out.append(p[i:j + 1])
                i = j + 1
            else:
                out.append(c)
                i += 1
            if i < n and p[i] == "+":
                i += 1 if target != "pcre2" else 0  # possessive: greedy where unsupported
                if target == "pcre2":
                    out.append("+")
                    i += 1
            elif i < n and p[i] == "?":
                if target != "ere":
                    out.append("?")
                i += 1
        elif c in ".^$|)":
            out.append(c)
            i += 1
        else:
            out.append(lit(c, target, fold))
            i += 1
    return "".join(out)


def tool_accepts(target, pattern):
    """None when the real tool compiles the pattern and it does not match an empty line."""
    if target == "ere":
        cmd = ["grep", "-E", "-c", "-e", pattern]
    else:
        cmd = ["rg", "-c", "--no-config"] + (["-P"] if target == "pcre2" else []) + ["-e", pattern]
    proc = subprocess.run(cmd, input=b"\n", capture_output=True)
    if proc.returncode == 2:
        return "rejected by " + ("grep" if target == "ere" else "rg")
    if proc.returncode == 0:
        return "matches an empty line"
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: bench/export-regexes.py RULES_JSON OUT_PREFIX")
    with open(sys.argv[1], encoding="utf-8") as f:
        rules = json.load(f)["rules"]
    secret = [r for r in rules if r.get("category") == "SECRET"]
    if secret and "pattern" not in secret[0]:
        sys.exit("export-regexes: 'airlock rules list --format json' has no 'pattern' field; rebuild the CLI")
    secret = [r for r in secret if r.get("pattern")]
    for target in ("rg", "pcre2", "ere"):
        kept = []
        dropped = collections.Counter()
        for r in secret:
            try:
                t = translate(r["pattern"], target)
            except (Unsupported, ValueError, IndexError) as e:
                dropped[str(e) if isinstance(e, Unsupported) else "unparsed"] += 1
                continue
            why = tool_accepts(target, t)
            if why:
                dropped[why] += 1
                continue
            kept.append(t)
        write(f"{sys.argv[2]}-{target}.txt", kept)
        passes = 1
        if target == "pcre2":
            passes = len(pcre2_passes(kept, sys.argv[2]))
        reasons = ", ".join(f"{why} {n}" for why, n in dropped.most_common())
        print(f"{target}\t{len(secret)}\t{len(kept)}\t{sum(dropped.values())}\t{reasons or '-'}\t{passes}")


def write(path, patterns):
    with open(path, "w", encoding="utf-8") as out:
        out.write("".join(k + "\n" for k in patterns))


def pcre2_passes(patterns, prefix):
    """Splits the patterns into OUT_PREFIX-pcre2-N.txt files that rg -P compiles as one regex.

    ripgrep joins the patterns of -f into one alternation, and PCRE2 refuses one of this size
    ("regular expression is too large"), so the PCRE2 run makes several passes over the tree."""
    passes = []
    current = []
    for pattern in patterns:
        trial = current + [pattern]
        write(f"{prefix}-pcre2-trial.txt", trial)
        proc = subprocess.run(["rg", "-c", "--no-config", "-P", "-f", f"{prefix}-pcre2-trial.txt"],
                              input=b"\n", capture_output=True)
        if proc.returncode == 2 and current:
            passes.append(current)
            current = [pattern]
        else:
            current = trial
    if current:
        passes.append(current)
    if os.path.exists(f"{prefix}-pcre2-trial.txt"):
        os.remove(f"{prefix}-pcre2-trial.txt")
    for n, chunk in enumerate(passes, 1):
        write(f"{prefix}-pcre2-{n}.txt", chunk)
    return passes


if __name__ == "__main__":
    main()
