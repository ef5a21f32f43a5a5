#!/usr/bin/env python3
# pb-lint.py: the habits that keep the tree in shape, one check per sub-command (issue 9).
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   pb-lint.py SOURCE_ROOT long-lines        no line over 100 columns in src/ (.c, .h)
#   pb-lint.py SOURCE_ROOT purpose-comment   every .c in src/ opens with "/* pb-foo.c: purpose"
#   pb-lint.py SOURCE_ROOT plain-includes    no '#include "../' (nor any path) in src/ or tests/
#   pb-lint.py SOURCE_ROOT msgids            no msgid cut at a printf macro or ending in a lone %
#   pb-lint.py SOURCE_ROOT potfiles          po/POTFILES.in lists exactly the files with strings
#   pb-lint.py SOURCE_ROOT core-no-gtk       nothing in src/core includes or links GTK/Adw/WebKit
#   pb-lint.py SOURCE_ROOT layering          includes and meson deps follow the folder graph
#   pb-lint.py SOURCE_ROOT layering-build BUILD_ROOT
#                                            with each core folder's real compile flags, the
#                                            headers of every folder it may not use fail to
#                                            resolve and those it may use compile
#
# Exit status 0 = clean, 1 = offenders (each printed as path:line: what), 77 = skipped.

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unicodedata

MAX_COLUMNS = 100

# The declared graph (README.md, HACKING.md): each core folder and the folders it uses directly.
# A folder may use what its folders use, transitively.
CORE_GRAPH = {
    'base': [],
    'spec': ['base'],
    'crawl': ['spec'],
    'manifest': ['spec'],
    'analyze': ['crawl', 'manifest'],
    'connectors': ['base'],
    'oauth': ['connectors'],
    'setup': ['oauth'],
    'runner': ['manifest', 'oauth'],
    'builder': ['manifest', 'runner'],
    'agents': ['connectors', 'oauth', 'runner', 'builder'],
}
# Headers generated in the build tree, and the folder they belong to.
GENERATED_HEADERS = {
    'pb-core-resources.h': 'core/setup',
    'pb-ui-resources.h': 'ui',
}
GUI_INCLUDE = re.compile(
    r'^\s*#\s*include\s*[<"](gtk/|gdk/|gsk/|adwaita\.h|libadwaita|webkit|jsc/|graphene)')
GUI_MESON_DEPS = re.compile(r'\b(gtk_dep|adw_dep|webkit_dep|plugboard_ui_dep)\b')
QUOTED_INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]*)"')


def closure(folder):
    seen = []
    todo = list(CORE_GRAPH.get(folder, []))
    while todo:
        f = todo.pop()
        if f not in seen:
            seen.append(f)
            todo.extend(CORE_GRAPH.get(f, []))
    return seen


def allowed_folders(folder):
    """Source folders (relative to src/) whose headers FOLDER may include."""
    if folder.startswith('core/'):
        name = folder[len('core/'):]
        return {folder} | {'core/' + f for f in closure(name)}
    if folder in ('ui', 'cli'):
        # The app and plugboard-cli each use the whole core, never each other.
        return {folder} | {'core/' + f for f in CORE_GRAPH}
    return None


def walk(root, top, exts):
    out = []
    for d, dirs, files in os.walk(os.path.join(root, top)):
        dirs[:] = sorted(x for x in dirs if not x.startswith('.'))
        for f in sorted(files):
            if f.endswith(exts):
                out.append(os.path.relpath(os.path.join(d, f), root))
    return out


def read_lines(root, rel):
    with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as fh:
        return fh.read().split('\n')


# ---- long-lines ----

def columns(line):
    """Display columns: tabs to the next multiple of 8, wide characters count two."""
    width = 0
    for ch in line:
        if ch == '\t':
            width += 8 - width % 8
        elif unicodedata.combining(ch):
            continue
        else:
            width += 2 if unicodedata.east_asian_width(ch) in ('W', 'F') else 1
    return width


def check_long_lines(root, args):
    bad = []
    for rel in walk(root, 'src', ('.c', '.h')):
        for n, line in enumerate(read_lines(root, rel), 1):
            width = columns(line)
            if width > MAX_COLUMNS:
                bad.append(f'{rel}:{n}: {width} columns (at most {MAX_COLUMNS})')
    return bad


# ---- purpose-comment ----

def check_purpose_comment(root, args):
    bad = []
    for rel in walk(root, 'src', ('.c',)):
        name = os.path.basename(rel)
        first = read_lines(root, rel)[0]
        if not re.match(r'^/\* ' + re.escape(name) + r': \S', first):
            bad.append(f'{rel}:1: first line must be "/* {name}: what this file does", '
                       f'not {first!r}')
    return bad


# ---- plain-includes ----

def check_plain_includes(root, args):
    bad = []
    for top in ('src', 'tests'):
        for rel in walk(root, top, ('.c', '.h')):
            for n, line in enumerate(read_lines(root, rel), 1):
                m = QUOTED_INCLUDE.match(line)
                if m and '/' in m.group(1):
                    bad.append(f'{rel}:{n}: #include "{m.group(1)}": include by plain name; '
                               'the folder libraries provide the include paths')
    return bad


# ---- msgids ----

KEYWORDS = {'_': [1], 'N_': [1], 'C_': [1, 2], 'NC_': [1, 2], 'ngettext': [1, 2],
            'g_dngettext': [2, 3], 'g_dpgettext2': [2, 3], 'g_dcgettext': [2]}
TOKEN = re.compile(r'''
    (?P<ws>\s+|\\\n) | (?P<comment>//[^\n]*|/\*.*?\*/) |
    (?P<string>(?:u8|[uUL])?"(?:\\.|[^"\\\n])*") | (?P<char>'(?:\\.|[^'\\\n])*') |
    (?P<ident>[A-Za-z_]\w*) | (?P<number>\.?\d[\w.]*) | (?P<punct>.)
''', re.S | re.X)


def tokens(text):
    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ('ws', 'comment'):
            continue
        yield kind, m.group(), text.count('\n', 0, m.start()) + 1


def source_msgid_problems(rel, text):
    """Arguments of gettext calls that mix string literals with anything else: xgettext keeps
    only the literals before the first non-literal, so the msgid is cut there."""
    bad = []
    toks = list(tokens(text))
    i = 0
    while i < len(toks):
        kind, val, line = toks[i]
        if (kind == 'ident' and val in KEYWORDS and i + 1 < len(toks) and toks[i + 1][1] == '('
                and not (i > 0 and toks[i - 1][1] in ('define', '.', '->'))):
            depth, args, cur, j = 0, [], [], i + 2
            while j < len(toks):
                k2, v2, _ = toks[j]
                if v2 in '([{' and k2 == 'punct':
                    depth += 1
                elif v2 in ')]}' and k2 == 'punct':
                    if depth == 0:
                        break
                    depth -= 1
                elif v2 == ',' and depth == 0:
                    args.append(cur)
                    cur = []
                    j += 1
                    continue
                cur.append((k2, v2))
                j += 1
            args.append(cur)
            for pos in KEYWORDS[val]:
                if pos - 1 >= len(args):
                    continue
                arg = args[pos - 1]
                kinds = {k for k, _ in arg}
                if 'string' in kinds and kinds != {'string'}:
                    others = ' '.join(v for k, v in arg if k != 'string')
                    bad.append(f'{rel}:{line}: {val} () argument {pos} mixes string literals '
                               f'with "{others}": the msgid is cut there; format the value '
                               'first (e.g. "%s" with g_strdup_printf) and keep the msgid '
                               'literal')
            i = j
        i += 1
    return bad


def po_unquote(s):
    return s.encode('latin-1', 'backslashreplace').decode('unicode_escape')


def pot_entries(pot_text):
    """(location, field, text) for every msgid and msgid_plural of a .pot."""
    out = []
    loc, field, buf = '', None, None
    for line in pot_text.split('\n') + ['']:
        m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) "(.*)"$', line)
        if m or not line.startswith('"'):
            if field in ('msgid', 'msgid_plural') and buf:
                out.append((loc, field, buf))
            field, buf = (m.group(1), m.group(2)) if m else (None, None)
            if line.startswith('#:'):
                loc = line[3:].strip()
        elif field is not None:
            buf += line[1:-1]
    return out


def lone_percent_at_end(msgid):
    text = po_unquote(msgid)
    trailing = len(text) - len(text.rstrip('%'))
    return trailing % 2 == 1


def run_xgettext(root, files):
    xgettext = shutil.which('xgettext')
    if xgettext is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        listing = os.path.join(tmp, 'files')
        pot = os.path.join(tmp, 'out.pot')
        with open(listing, 'w') as fh:
            fh.write('\n'.join(files) + '\n')
        cmd = [xgettext, '--from-code=UTF-8', '--language=C', '--add-location=full',
               '--force-po', '--directory', root, '--files-from', listing, '-o', pot]
        for kw, pos in KEYWORDS.items():
            if kw in ('C_', 'NC_', 'g_dpgettext2'):
                cmd.append(f'--keyword={kw}:{pos[0]}c,{pos[1]}')
            else:
                cmd.append(f'--keyword={kw}:' + ','.join(map(str, pos)))
        subprocess.run(cmd, check=True, capture_output=True)
        with open(pot, encoding='utf-8') as fh:
            return fh.read()


def potfiles(root):
    out = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith('#'):
                out.append(line)
    return out


def check_msgids(root, args):
    c_files = sorted(set(walk(root, 'src', ('.c', '.h'))
                         + [f for f in potfiles(root) if f.endswith(('.c', '.h'))
                            and os.path.exists(os.path.join(root, f))]))
    bad = []
    for rel in c_files:
        with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as fh:
            bad += source_msgid_problems(rel, fh.read())
    pot = run_xgettext(root, c_files)
    if pot is None:
        print('# xgettext not found: only the source scan ran')
        return bad
    for loc, field, msgid in pot_entries(pot):
        if lone_percent_at_end(msgid):
            bad.append(f'{loc}: {field} "{msgid}" ends in a lone %: it was cut at a format '
                       'macro (G_GINT64_FORMAT and friends cannot be inside a msgid)')
    return bad


# ---- potfiles ----

def check_potfiles(root, args):
    listed = potfiles(root)
    bad = []
    for f in listed:
        if not os.path.exists(os.path.join(root, f)):
            bad.append(f'po/POTFILES.in: lists {f}, which does not exist')
    if len(set(listed)) != len(listed):
        bad.append('po/POTFILES.in: lists a file twice')
    c_files = walk(root, 'src', ('.c', '.h'))
    pot = run_xgettext(root, c_files)
    if pot is None:
        return [77]
    with_strings = set()
    for loc, _, _ in pot_entries(pot):
        for ref in loc.split():
            with_strings.add(ref.rsplit(':', 1)[0])
    for rel in walk(root, 'ui', ('.ui',)):
        with open(os.path.join(root, rel), encoding='utf-8') as fh:
            if 'translatable="yes"' in fh.read():
                with_strings.add(rel)
    for f in sorted(with_strings - set(listed)):
        bad.append(f'{f}: has translatable strings but is not listed in po/POTFILES.in')
    return bad


# ---- core-no-gtk ----

def check_core_no_gtk(root, args):
    bad = []
    for rel in walk(root, os.path.join('src', 'core'), ('.c', '.h')):
        for n, line in enumerate(read_lines(root, rel), 1):
            if GUI_INCLUDE.match(line):
                bad.append(f'{rel}:{n}: {line.strip()}: src/core never uses GTK, '
                           'libadwaita or WebKit')
    for rel in walk(root, os.path.join('src', 'core'), ('meson.build',)):
        for n, line in enumerate(read_lines(root, rel), 1):
            code = line.split('#', 1)[0]
            m = GUI_MESON_DEPS.search(code)
            if m:
                bad.append(f'{rel}:{n}: {m.group(1)}: src/core never links GTK, libadwaita '
                           'or WebKit')
    return bad


# ---- layering ----

def header_homes(root):
    homes = dict(GENERATED_HEADERS)
    for rel in walk(root, 'src', ('.h',)):
        homes[os.path.basename(rel)] = os.path.dirname(os.path.relpath(rel, 'src'))
    return homes


def core_folders(root):
    core = os.path.join(root, 'src', 'core')
    return sorted(d for d in os.listdir(core) if os.path.isdir(os.path.join(core, d)))


def check_layering(root, args):
    bad = []
    core = os.path.join(root, 'src', 'core')
    for f in sorted(os.listdir(core)):
        if f.endswith(('.c', '.h')):
            bad.append(f'src/core/{f}: no source at the top of src/core: '
                       'it belongs in a domain folder')
    for folder in core_folders(root):
        if folder not in CORE_GRAPH:
            bad.append(f'src/core/{folder}: a folder missing from the declared graph: add it '
                       'to CORE_GRAPH in tests/lint/pb-lint.py, HACKING.md and README.md')
    homes = header_homes(root)
    for rel in walk(root, 'src', ('.c', '.h')):
        folder = os.path.dirname(os.path.relpath(rel, 'src'))
        allowed = allowed_folders(folder)
        if allowed is None:
            continue
        for n, line in enumerate(read_lines(root, rel), 1):
            m = QUOTED_INCLUDE.match(line)
            if not m or m.group(1) == 'config.h':
                continue
            home = homes.get(m.group(1))
            if home is None:
                bad.append(f'{rel}:{n}: #include "{m.group(1)}": no such header in src/')
            elif home not in allowed:
                bad.append(f'{rel}:{n}: #include "{m.group(1)}" from {home}/: '
                           f'src/{folder} may use only ' + ', '.join(sorted(allowed)))
    # Each folder's meson.build names only the libraries of folders it may use.
    for folder in core_folders(root):
        meson = os.path.join('src', 'core', folder, 'meson.build')
        if not os.path.exists(os.path.join(root, meson)):
            bad.append(f'{meson}: missing: each core folder builds its own static library')
            continue
        allowed = allowed_folders('core/' + folder) or set()
        for n, line in enumerate(read_lines(root, meson), 1):
            for dep in re.findall(r'\bpb_(\w+?)_(?:dep|lib)\b', line.split('#', 1)[0]):
                if dep != folder and dep in CORE_GRAPH and 'core/' + dep not in allowed:
                    bad.append(f'{meson}:{n}: pb_{dep}_dep: src/core/{folder} may use only '
                               + ', '.join(sorted(allowed)))
    return bad


# ---- layering-build ----

def compile_base(entry):
    """The compiler and the flags of one compile_commands.json entry, without its input,
    output and dependency-file options."""
    argv = entry['arguments'] if 'arguments' in entry else shlex.split(entry['command'])
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in ('-o', '-MQ', '-MF', '-MT'):
            skip = True
            continue
        if a in ('-c', '-MD', '-MMD', entry['file']) or a.startswith('-fdiagnostics-color'):
            continue
        out.append(a)
    return out


def check_layering_build(root, args):
    if not args:
        print('usage: pb-lint.py SOURCE_ROOT layering-build BUILD_ROOT', file=sys.stderr)
        return [77]
    build = args[0]
    try:
        with open(os.path.join(build, 'compile_commands.json'), encoding='utf-8') as fh:
            commands = json.load(fh)
    except OSError as e:
        print(f'# no compile_commands.json in {build}: {e}')
        return [77]
    homes = header_homes(root)
    by_folder = {}
    for h, home in sorted(homes.items()):
        if home.startswith('core/') and h not in GENERATED_HEADERS:
            by_folder.setdefault(home, []).append(h)
    bad = []
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        probe = os.path.join(tmp, 'probe.c')
        for folder in core_folders(root):
            src_dir = os.path.join('src', 'core', folder)
            entry = next((e for e in commands
                          if os.path.normpath(os.path.join(e['directory'], e['file'])).startswith(
                              os.path.join(os.path.realpath(root), src_dir) + os.sep)
                          and f'libpb-{folder}.a.p' in e.get('output', e['command'])), None)
            if entry is None:
                bad.append(f'{src_dir}: no compile command in {build}/compile_commands.json '
                           f'for libpb-{folder}.a')
                continue
            base = compile_base(entry)
            allowed = allowed_folders('core/' + folder)

            def run(text, mode):
                with open(probe, 'w') as fh:
                    fh.write(text)
                return subprocess.run(base + mode + [probe], cwd=entry['directory'],
                                      capture_output=True, text=True)

            # Everything it may use compiles together with its compile flags.
            ok_headers = [h for f in sorted(allowed) for h in by_folder.get(f, [])]
            text = '#include "config.h"\n' + ''.join(f'#include "{h}"\n' for h in ok_headers)
            r = run(text, ['-fsyntax-only'])
            checked += 1
            if r.returncode != 0:
                bad.append(f'{src_dir}: the headers of {", ".join(sorted(allowed))} do not '
                           f'compile with libpb-{folder}\'s flags:\n' + r.stderr[-2000:])
            # Not one header of a folder it may not use is found: -M lists every header the
            # preprocessor resolves (with its path), -MG leaves the missing ones bare.
            forbidden = [(other, h) for other, hs in sorted(by_folder.items())
                         if other not in allowed for h in hs]
            if not forbidden:
                continue
            r = run(''.join(f'#include "{h}"\n' for _, h in forbidden), ['-M', '-MG'])
            checked += 1
            deps = r.stdout.replace('\\\n', ' ').split()
            if r.returncode != 0:
                bad.append(f'{src_dir}: listing the includes failed:\n' + r.stderr[-1000:])
            for other, h in forbidden:
                if any(d.endswith('/' + h) for d in deps):
                    bad.append(f'{src_dir}: #include "{h}" (src/{other}) resolves with '
                               f'libpb-{folder}\'s flags: its meson.build depends on more '
                               'than the declared graph allows')
            # And a real compile of a wrong-direction include fails for that reason.
            other, h = forbidden[0]
            r = run(f'#include "{h}"\n', ['-fsyntax-only'])
            checked += 1
            if r.returncode == 0:
                bad.append(f'{src_dir}: #include "{h}" (src/{other}) compiles with '
                           f'libpb-{folder}\'s flags')
            elif h not in r.stderr or ('No such file' not in r.stderr
                                       and 'not found' not in r.stderr):
                bad.append(f'{src_dir}: #include "{h}" failed for another reason:\n'
                           + r.stderr[-1000:])
            else:
                print(f'# libpb-{folder}: #include "{h}" (src/{other}) does not compile, '
                      f'as declared; {len(forbidden)} headers of other folders unreachable')
    print(f'# {checked} compiles checked')
    return bad


# ---- selftest ----

CLEAN_TREE = {
    'po/POTFILES.in': '# Files with translatable strings\nsrc/core/base/pb-a.c\nui/pb-w.ui\n',
    'ui/pb-w.ui': '<interface><object><property name="title" translatable="yes">Hi</property>'
                  '</object></interface>\n',
    'src/core/meson.build': "subdir('base')\n",
    'src/core/base/meson.build': "pb_base_lib = static_library('pb-base', 'pb-a.c')\n",
    'src/core/base/pb-a.h': '/* pb-a.h: a header */\n#pragma once\n',
    'src/core/base/pb-a.c': '/* pb-a.c: a clean file\n */\n#include "config.h"\n'
                            '#include "pb-a.h"\n'
                            'const char *a (void) { return _("Plain %s, " "then more"); }\n'
                            '/* ' + 'x' * 94 + ' */\n'          # exactly 100 columns
                            '/* ' + '\u2026' * 94 + ' */\n',    # 100 columns, 288 bytes
    'src/core/spec/meson.build': "pb_spec_lib = static_library('pb-spec', 'pb-s.c',\n"
                                 "  dependencies: [pb_base_dep])\n",
    'src/core/spec/pb-s.h': '/* pb-s.h: spec */\n#pragma once\n',
    'src/core/spec/pb-s.c': '/* pb-s.c: uses base\n */\n#include "pb-a.h"\n#include "pb-s.h"\n',
    'src/core/connectors/meson.build': "x = [pb_base_dep]\n",
    'src/core/connectors/pb-connector.h': '/* pb-connector.h: c */\n#pragma once\n',
    'src/ui/pb-u.c': '/* pb-u.c: the UI may use any folder\n */\n#include <gtk/gtk.h>\n'
                     '#include "pb-connector.h"\n#include "pb-s.h"\n',
    'src/ui/pb-u.h': '/* pb-u.h: a widget */\n#pragma once\n',
    'tests/test-a.c': '/* test-a.c */\n#include "pb-a.h"\n',
}

# check, file, new content (None: delete), what the report must mention
OFFENCES = [
    ('long-lines', 'src/core/base/pb-a.h', '/* pb-a.h */\n/* ' + 'y' * 95 + ' */\n',
     'pb-a.h:2: 101 columns'),
    ('long-lines', 'src/core/base/pb-a.h', '/* pb-a.h */\n\t\t\t\t\t\t\t\t\t\t\t\t/* x */\n',
     'pb-a.h:2: 103 columns'),
    ('purpose-comment', 'src/core/spec/pb-s.c', '/* pb-s.c\n */\n', 'pb-s.c:1'),
    ('purpose-comment', 'src/core/spec/pb-s.c', '/* pb-other.c: wrong name\n */\n', 'pb-s.c:1'),
    ('purpose-comment', 'src/core/spec/pb-s.c', '#include "pb-s.h"\n', 'pb-s.c:1'),
    ('plain-includes', 'src/core/spec/pb-s.c', '/* pb-s.c: x */\n#include "../base/pb-a.h"\n',
     'pb-s.c:2'),
    ('plain-includes', 'tests/test-a.c', '#include "../src/core/base/pb-a.h"\n', 'test-a.c:1'),
    ('plain-includes', 'src/ui/pb-u.c', '/* pb-u.c: x */\n#include "src/core/base/pb-a.h"\n',
     'pb-u.c:2'),
    ('msgids', 'src/core/base/pb-a.c',
     '/* pb-a.c: x */\nchar *f (long n) {\n  return g_strdup_printf (_("%s (in %" G_GINT64_FORMAT\n'
     '                                     " s)"), "d", n);\n}\n',
     'pb-a.c:3: _ () argument 1 mixes'),
    ('msgids', 'src/core/base/pb-a.c',
     '/* pb-a.c: x */\nconst char *s = N_("Got %" G_GSIZE_FORMAT " bytes");\n',
     'ends in a lone %'),
    ('msgids', 'src/core/base/pb-a.c',
     '/* pb-a.c: x */\nconst char *s = ngettext ("one", "%" G_GSIZE_FORMAT " many", n);\n',
     'ngettext () argument 2 mixes'),
    ('potfiles', 'src/core/spec/pb-s.c', '/* pb-s.c: x */\nconst char *s = _("Hello");\n',
     'src/core/spec/pb-s.c: has translatable strings but is not listed'),
    ('potfiles', 'src/core/base/pb-a.c', None, 'lists src/core/base/pb-a.c, which does not exist'),
    ('potfiles', 'ui/pb-w.ui', None, 'lists ui/pb-w.ui, which does not exist'),
    ('core-no-gtk', 'src/core/spec/pb-s.c', '/* pb-s.c: x */\n#include <adwaita.h>\n',
     'pb-s.c:2'),
    ('core-no-gtk', 'src/core/spec/meson.build', "x = [gtk_dep]\n", 'meson.build:1: gtk_dep'),
    ('layering', 'src/core/spec/pb-s.c', '/* pb-s.c: x */\n#include "pb-connector.h"\n',
     'pb-s.c:2: #include "pb-connector.h" from core/connectors/'),
    ('layering', 'src/core/base/meson.build', "x = [pb_spec_dep]\n",
     'base/meson.build:1: pb_spec_dep'),
    ('layering', 'src/core/frobs/meson.build', "x = 1\n", 'missing from the declared graph'),
    ('layering', 'src/core/pb-top.c', '/* pb-top.c: x */\n', 'no source at the top'),
    ('layering', 'src/cli/pb-c.c', '/* pb-c.c: x */\n#include "pb-u.h"\n',
     'src/cli may use only'),
]


def write_tree(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        if text is None:
            if os.path.exists(path):
                os.remove(path)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as fh:
            fh.write(text)


def check_selftest(root, args):
    bad = []
    static_checks = [c for c in CHECKS if c not in ('layering-build', 'selftest')]
    with tempfile.TemporaryDirectory() as tmp:
        clean = os.path.join(tmp, 'clean')
        write_tree(clean, CLEAN_TREE)
        for check in static_checks:
            found = CHECKS[check](clean, [])
            if found == [77]:
                print(f'# {check}: skipped (xgettext missing)')
            elif found:
                bad.append(f'selftest: {check} flags the clean tree: {found}')
        for n, (check, rel, text, expect) in enumerate(OFFENCES):
            tree = os.path.join(tmp, f'offence-{n}')
            write_tree(tree, CLEAN_TREE)
            write_tree(tree, {rel: text})
            found = CHECKS[check](tree, [])
            if found == [77]:
                print(f'# {check} on {rel}: skipped (xgettext missing)')
                continue
            if not any(expect in f for f in found):
                bad.append(f'selftest: {check} missed an offence in {rel} (expected '
                           f'"{expect}"), reported {found}')
            else:
                print(f'# {check}: caught {expect}')
    return bad


CHECKS = {
    'long-lines': check_long_lines,
    'purpose-comment': check_purpose_comment,
    'plain-includes': check_plain_includes,
    'msgids': check_msgids,
    'potfiles': check_potfiles,
    'core-no-gtk': check_core_no_gtk,
    'layering': check_layering,
    'layering-build': check_layering_build,
    'selftest': check_selftest,
}


def main(argv):
    if len(argv) < 3 or argv[2] not in CHECKS:
        print('usage: pb-lint.py SOURCE_ROOT {' + ','.join(CHECKS) + '} [ARGS]',
              file=sys.stderr)
        return 2
    root = os.path.realpath(argv[1])
    bad = CHECKS[argv[2]](root, argv[3:])
    if bad == [77]:
        return 77
    for b in bad:
        print(b)
    if bad:
        print(f'# {argv[2]}: {len(bad)} problem(s)')
        return 1
    print(f'# {argv[2]}: clean')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
