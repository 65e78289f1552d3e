# SPDX-License-Identifier: GPL-2.0-or-later
"""Running the trygg executable: finding it, streaming its JSON progress, cancelling it and
turning its error line into a QgsProcessingException. No analysis happens here.

Protocol (engine README / DESIGN.md):
  trygg run PIPELINE.json --progress=json   (and trygg report PIPELINE.json --progress=json ...)
    stdout: {"stage": tag, "done": n, "total": m}            progress (total 0 = unknown)
            {"stage": tag, "level": "warning"|"info", "message": text}
            {"result": "ok", "accounting": [...], "outputs": [{"path": .., "what": ..}]}
            {"event": "error", "code": .., "exit": n, "message": .., <parameters>}   on error
    stderr: "trygg: <message>" on error (the same message, for people)
    exit:   0 ok, 2 usage, 3 invalid pipeline, 4 input, 5 data, 6 output, 7 ledger refusal, 130 cancelled
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from qgis.core import QgsProcessingException, QgsSettings

from .i18n import t
from . import messages

EXECUTABLE_KEY = 'Processing/Configuration/TRYGG_EXECUTABLE'
PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))

EXIT_CODES = {
    1: 'internal',
    2: 'usage',
    3: 'pipeline',
    4: 'input',
    5: 'data',
    6: 'output',
    7: 'ledger',
    130: 'cancelled',
}


class EngineNotFound(QgsProcessingException):
    pass


class EngineCancelled(QgsProcessingException):
    pass


def _exe_name():
    return 'trygg.exe' if sys.platform.startswith('win') else 'trygg'


def _is_executable(path):
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


def candidate_locations():
    """Where we look, in order: (description, path or None)."""
    configured = str(QgsSettings().value(EXECUTABLE_KEY, '') or '').strip()
    env = os.environ.get('TRYGG_EXE', '').strip()
    found_on_path = shutil.which(_exe_name())
    return [
        (t('inställningen Trygg-motorn', 'the Trygg executable setting'), configured or None),
        (t('miljövariabeln TRYGG_EXE', 'the TRYGG_EXE environment variable'), env or None),
        ('PATH', found_on_path),
        (t('bredvid insticksprogrammet', 'next to the plugin'), os.path.join(PLUGIN_DIR, 'bin', _exe_name())),
        (t('bredvid insticksprogrammet', 'next to the plugin'), os.path.join(PLUGIN_DIR, _exe_name())),
    ]


def find_executable():
    """Path of the trygg executable, or EngineNotFound with a message saying what is missing."""
    configured = str(QgsSettings().value(EXECUTABLE_KEY, '') or '').strip()
    if configured:
        if _is_executable(configured):
            return configured
        raise EngineNotFound(t(
            "Trygg-motorn hittades inte: inställningen pekar på '{}', som inte finns eller inte "
            "är körbar. Ändra den under Inställningar > Alternativ > Processing > Providers > Trygg.",
            "The Trygg engine was not found: the setting points to '{}', which does not exist or is "
            "not executable. Change it under Settings > Options > Processing > Providers > Trygg."
        ).format(configured))
    env = os.environ.get('TRYGG_EXE', '').strip()
    if env:
        if _is_executable(env):
            return env
        raise EngineNotFound(t(
            "Trygg-motorn hittades inte: TRYGG_EXE pekar på '{}', som inte finns eller inte är körbar.",
            "The Trygg engine was not found: TRYGG_EXE points to '{}', which does not exist or is "
            "not executable.").format(env))
    for _, path in candidate_locations()[2:]:
        if path and path.startswith(PLUGIN_DIR) and os.path.isfile(path) and not _is_executable(path):
            # QGIS's "Install from ZIP" does not keep the executable bit of a bundled engine.
            try:
                os.chmod(path, os.stat(path).st_mode | 0o755)
            except OSError:
                pass
        if _is_executable(path):
            return path
    raise EngineNotFound(t(
        "Trygg-motorn (programmet '{exe}') hittades inte. Sökte i PATH och i {dir}. Installera "
        "Trygg eller ange sökvägen till '{exe}' under Inställningar > Alternativ > Processing > "
        "Providers > Trygg.",
        "The Trygg engine (the program '{exe}') was not found. Looked on PATH and in {dir}. Install "
        "Trygg or set the path to '{exe}' under Settings > Options > Processing > Providers > Trygg."
    ).format(exe=_exe_name(), dir=os.path.join(PLUGIN_DIR, 'bin')))


def _popen_flags():
    if sys.platform.startswith('win'):
        return {'creationflags': getattr(subprocess, 'CREATE_NO_WINDOW', 0)}
    return {}


def run_command(args, timeout=60):
    """Run a short engine command (stages, validate, info); returns (exit code, stdout, stderr)."""
    exe = find_executable()
    proc = subprocess.run([exe] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=timeout, **_popen_flags())
    return (proc.returncode, proc.stdout.decode('utf-8', 'replace'),
            proc.stderr.decode('utf-8', 'replace'))


_stages_cache = {}


def engine_stages(refresh=False):
    """{stage type: descriptor} from `trygg stages --json`; {} when the engine is missing."""
    try:
        exe = find_executable()
    except EngineNotFound:
        return {}
    key = (exe, os.path.getmtime(exe))
    if refresh or key not in _stages_cache:
        try:
            code, out, _ = run_command(['stages', '--json'])
            stages = {s['type']: s for s in json.loads(out)} if code == 0 else {}
        except (OSError, ValueError, subprocess.SubprocessError):
            stages = {}
        _stages_cache.clear()
        _stages_cache[key] = stages
    return _stages_cache[key]


def catalog_file(name):
    """A catalogue shipped with the engine (geodata/catalog/<name>), if it can be found next to
    it (build tree or installed share folder), else the plugin's copy; None lets the engine use
    its own default."""
    try:
        exe = os.path.realpath(find_executable())
    except EngineNotFound:
        return None
    bindir = os.path.dirname(exe)
    for rel in (('..', 'share', 'trygg', 'catalog'), ('..', '..', 'geodata', 'catalog'),
                ('..', '..', '..', 'geodata', 'catalog'), ('catalog',)):
        path = os.path.normpath(os.path.join(bindir, *rel, name))
        if os.path.isfile(path):
            return path
    plugin_copy = os.path.join(PLUGIN_DIR, 'catalog', name)
    return plugin_copy if os.path.isfile(plugin_copy) else None


def default_catalogue():
    """The crime catalogue (brottskoder.csv) shipped with the engine."""
    return catalog_file('brottskoder.csv')


def default_indicator_catalogue():
    """The indicator catalogue of the trygghetsanalys (indikatorer.csv) shipped with the engine."""
    return catalog_file('indikatorer.csv')


def error_line(stderr_text, code):
    """The engine's one error line ('trygg: ...'), else the last non-empty stderr line."""
    lines = [ln.strip() for ln in stderr_text.splitlines() if ln.strip()]
    for ln in reversed(lines):
        if ln.startswith('trygg:'):
            return ln
    if lines:
        return lines[-1]
    return t('trygg avslutades med kod {} utan felmeddelande', 'trygg exited with code {} and no message').format(code)


def validate(pipeline):
    """`trygg validate`; raises QgsProcessingException with the engine's line when invalid."""
    with tempfile.TemporaryDirectory(prefix='trygg_') as tmp:
        path = os.path.join(tmp, 'pipeline.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(pipeline, f, ensure_ascii=False, indent=2)
        code, out, err = run_command(['validate', path])
        if code != 0:
            raise QgsProcessingException(error_line(err, code))
        return out.strip()


class ProgressMapper:
    """Turns per-stage progress into one 0..100 figure, stages weighted equally."""

    def __init__(self, stage_tags):
        self.tags = list(stage_tags)
        self.current = None

    def percent(self, tag, done, total):
        n = max(len(self.tags), 1)
        index = self.tags.index(tag) if tag in self.tags else max(0, min(n - 1, self._last_index()))
        fraction = (float(done) / float(total)) if total else 0.0
        fraction = min(max(fraction, 0.0), 1.0)
        return 100.0 * (index + fraction) / n

    def _last_index(self):
        return self.tags.index(self.current) if self.current in self.tags else 0


def run_pipeline(pipeline, feedback=None, work_dir=None, poll_seconds=0.1, keep_pipeline=None):
    """Run a pipeline (list of stage dicts, or the object form) and return the engine's final
    result dict. Streams progress/warnings into `feedback`; terminates the engine when the
    feedback is cancelled; raises QgsProcessingException with the engine's error line."""
    exe = find_executable()
    stages = pipeline['pipeline'] if isinstance(pipeline, dict) else pipeline
    mapper = ProgressMapper([s.get('tag', s.get('type')) for s in stages])
    own_tmp = None
    if work_dir is None:
        own_tmp = tempfile.TemporaryDirectory(prefix='trygg_')
        work_dir = own_tmp.name
    try:
        path = keep_pipeline or os.path.join(work_dir, 'pipeline.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(pipeline, f, ensure_ascii=False, indent=2)
        if feedback:
            feedback.pushDebugInfo('{} run {} --progress=json'.format(exe, path))
        return _run_process([exe, 'run', path, '--progress=json'], mapper, feedback, poll_seconds, work_dir)
    finally:
        if own_tmp is not None:
            own_tmp.cleanup()


def run_report(pipeline_file, feedback=None, language=None, pdf=True, out_dir=None, work_dir=None,
               poll_seconds=0.1):
    """`trygg report PIPELINE.json --progress=json [--language sv|en] [--no-pdf] [--out DIR]`
    (issue 17): runs a pipeline file as it is (the engine adds a write.report stage after the
    last write.gpkg when it has none) in `work_dir`, where its relative paths resolve. Streams
    progress, honours cancel and raises like run_pipeline; returns the engine's result dict."""
    exe = find_executable()
    tags = []
    try:
        with open(pipeline_file, encoding='utf-8-sig') as f:
            pipeline = json.load(f)
        stages = pipeline.get('pipeline', []) if isinstance(pipeline, dict) else pipeline
        tags = [s.get('tag', s.get('type')) for s in stages if isinstance(s, dict)]
        if 'write.report' not in [s.get('type') for s in stages if isinstance(s, dict)]:
            tags.append('write.report')
    except (OSError, ValueError, AttributeError):
        pass    # the engine says what is wrong with the file, in its own words and exit code
    args = [exe, 'report', os.path.abspath(pipeline_file), '--progress=json']
    if language:
        args += ['--language', language]
    if not pdf:
        args.append('--no-pdf')
    if out_dir:
        args += ['--out', os.path.abspath(out_dir)]
    if feedback:
        feedback.pushDebugInfo(' '.join(args))
    return _run_process(args, ProgressMapper(tags), feedback, poll_seconds, work_dir)


def _run_process(args, mapper, feedback, poll_seconds, cwd=None):
    # Relative paths in a pipeline resolve against the engine's working directory; the plugin
    # writes absolute paths, and runs the engine in its own work folder.
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            cwd=cwd, **_popen_flags())
    lines = []          # stdout lines, consumed by the polling loop below (feedback is not thread-safe)
    stderr_chunks = []
    lock = threading.Lock()

    def read_stdout():
        for raw in iter(proc.stdout.readline, b''):
            with lock:
                lines.append(raw.decode('utf-8', 'replace'))
        proc.stdout.close()

    def read_stderr():
        stderr_chunks.append(proc.stderr.read().decode('utf-8', 'replace'))
        proc.stderr.close()

    readers = [threading.Thread(target=read_stdout, daemon=True), threading.Thread(target=read_stderr, daemon=True)]
    for r in readers:
        r.start()

    result = None
    error_event = None
    cancelled = False
    terminate_at = None

    def drain():
        nonlocal result, error_event
        with lock:
            pending = lines[:]
            del lines[:]
        for line in pending:
            r = _handle_line(line, mapper, feedback)
            if r is not None and r.get('event') == 'error':
                error_event = r
            elif r is not None:
                result = r

    while True:
        drain()
        if proc.poll() is not None:
            break
        if feedback is not None and feedback.isCanceled() and not cancelled:
            cancelled = True
            proc.terminate()              # SIGTERM: the engine cancels cleanly and exits 130
            terminate_at = time.monotonic()
        if cancelled and terminate_at is not None and time.monotonic() - terminate_at > 10:
            proc.kill()                   # did not stop in time
            terminate_at = None
        time.sleep(poll_seconds)
    for r in readers:
        r.join(timeout=5)
    drain()
    code = proc.returncode
    stderr_text = ''.join(stderr_chunks)
    if cancelled or code == 130 or code == -15:
        raise EngineCancelled(t('Körningen avbröts.', 'The run was cancelled.'))
    if code != 0:
        if error_event is not None:
            # The user's language; the engine's own line stays in the log for a bug report.
            if feedback is not None:
                feedback.pushDebugInfo(error_line(stderr_text, code))
            raise QgsProcessingException(messages.describe(error_event))
        raise QgsProcessingException(error_line(stderr_text, code))
    if result is None:
        raise QgsProcessingException(t(
            'trygg avslutades utan resultatrad. {}', 'trygg finished without a result line. {}'
        ).format(stderr_text.strip()))
    for line in stderr_text.splitlines():
        if line.strip() and feedback is not None:
            feedback.pushInfo(line.strip())
    return result


def _handle_line(line, mapper, feedback):
    line = line.strip()
    if not line:
        return None
    try:
        msg = json.loads(line)
    except ValueError:
        if feedback is not None:
            feedback.pushInfo(line)
        return None
    if not isinstance(msg, dict):
        return None
    if 'result' in msg or msg.get('event') == 'error':
        return msg
    stage = msg.get('stage', '')
    if 'level' in msg:
        if feedback is not None:
            if stage in mapper.tags and stage != mapper.current:
                # A stage that talks without reporting progress has still started.
                mapper.current = stage
                feedback.setProgressText(messages.step_name(stage))
                feedback.setProgress(mapper.percent(stage, 0, 0))
            if msg.get('level') == 'warning':   # coded warnings in the user's language (messages.py)
                text = '{}: {}'.format(messages.step_name(stage), messages.describe_warning(msg))
            else:
                text = '{}: {}'.format(messages.step_name(stage),
                                       messages.plain_engine_text(msg.get('message', ''), stage))
            if msg.get('level') == 'warning':
                feedback.pushWarning(text)
            else:
                feedback.pushInfo(text)
        return None
    if 'done' in msg:
        if feedback is not None:
            if stage != mapper.current:
                mapper.current = stage
                feedback.setProgressText(messages.step_name(stage))
            feedback.setProgress(mapper.percent(stage, msg.get('done', 0), msg.get('total', 0)))
    return None


# The reasons of the published avvisade table's "outside" bucket (column orsak), as said to the user.
OUTSIDE_REASONS = {
    'located outside every district': ('med läge utanför alla delområden', 'located outside every district'),
    'area code is no district code': ('med en områdeskod som inte är något delområde',
                                      'with an area code that is no district'),
    'outside the study period': ('utanför perioden', 'outside the study period'),
}


def outside_breakdown(gpkg):
    """[(count as published, reason)] of the rows counted as outside, from the result's avvisade
    table (counts 1-4 are '..' there, as published); [] when there is none."""
    import sqlite3
    if not gpkg or not os.path.isfile(gpkg):
        return []
    try:
        with sqlite3.connect('file:{}?mode=ro'.format(gpkg), uri=True) as db:
            rows = db.execute("select orsak, antal_visning from avvisade where utfall = 'outside' "
                              "order by antal desc, fid").fetchall()
    except sqlite3.Error:
        return []
    out = []
    for reason, shown in rows:
        name = OUTSIDE_REASONS.get(reason)
        out.append((shown if shown not in (None, '') else '?', t(*name) if name else reason))
    return out


def report_accounting(result, feedback, gpkg=None):
    """Push the engine's row accounting (nothing lost: used + outside + not located + rejected),
    once: the outside count with its parts (issue 18: the summary said "10 utanför" beside the
    engine's "7 located incidents fall outside", two numbers for one thing)."""
    parts = outside_breakdown(gpkg)
    for a in result.get('accounting', []) or []:
        line = t(
            '{source}: {rows} rader, {used} använda, {outside} utanför, {not_located} ej lokaliserade, '
            '{rejected} avvisade',
            '{source}: {rows} rows, {used} used, {outside} outside, {not_located} not located, '
            '{rejected} rejected').format(**{k: a.get(k, '?') for k in
                                            ('source', 'rows', 'used', 'outside', 'not_located', 'rejected')})
        if parts and a.get('outside') and len(result.get('accounting') or []) == 1:
            line += t('. Utanför: {}', '. Outside: {}').format(', '.join('{} {}'.format(n, r) for n, r in parts))
        feedback.pushInfo(line)
